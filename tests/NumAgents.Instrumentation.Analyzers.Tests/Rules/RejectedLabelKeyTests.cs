using Microsoft.CodeAnalysis.Testing;
using NumAgents.Instrumentation.Analyzers.Rules;
using NumAgents.Instrumentation.Analyzers.Tests.Infrastructure;

namespace NumAgents.Instrumentation.Analyzers.Tests.Rules;

/// <summary>NAI0019: label keys the runtime rejects, reported where they are written.</summary>
public sealed class RejectedLabelKeyTests
{
    [Fact]
    public async Task Reserved_and_empty_keys_at_metrics_calls_are_errors()
    {
        const string source = """
            using NumAgents.Instrumentation;

            class Calls
            {
                void Record(MetricsCollector m)
                {
                    m.Histogram("latency", 3, labels: [({|#0:"le"|}, "fast")]);
                    using (m.Timer("step", [({|#1:"le"|}, "x")])) { }
                    m.Counter("logins", labels: [({|#2:"otel.metric.overflow"|}, "no")]);
                    m.Counter("logins", labels: [({|#3:" "|}, "x")]);
                    m.Counter("requests", labels: [("le", "x"), ("http.method", "GET")]);
                }
            }
            """;

        await Verify<RejectedLabelKeyAnalyzer>.AnalyzerAsync(
            source,
            Reported(0, "le", "latency", "is reserved for histogram bucket bounds"),
            Reported(1, "le", "step", "is reserved for histogram bucket bounds"),
            Reported(2, "otel.metric.overflow", "logins", "is reserved for the series that holds label sets past the cardinality limit"),
            Reported(3, " ", "logins", "is empty or whitespace"));
    }

    [Fact]
    public async Task The_overflow_label_on_a_Label_member_or_in_ExtraLabels_is_an_error_the_generator_rules_let_through()
    {
        const string source = """
            using NumAgents.Instrumentation;

            class Tools
            {
                [Counted]
                public void Call([{|#0:Label("otel_metric_overflow")|}] string tenant) { }

                [{|#1:Counted("tool.calls", ExtraLabels = ["otel_metric_overflow=yes"])|}]
                public void Other() { }
            }
            """;

        await Verify<RejectedLabelKeyAnalyzer>.AnalyzerAsync(
            source,
            Reported(0, "otel_metric_overflow", "method.invocations", "is reserved for the series that holds label sets past the cardinality limit"),
            Reported(1, "otel_metric_overflow", "tool.calls", "is reserved for the series that holds label sets past the cardinality limit"));
    }

    [Fact]
    public void The_runtime_rejects_what_the_attribute_case_reports()
    {
        var metrics = new MetricsCollector();
        var rejected = Assert.Throws<ArgumentException>(() => metrics.GetCounter("method.invocations", [("class", "Tools"), ("method", "Call"), ("otel_metric_overflow", "t1"), ("outcome", "success")]));
        Assert.Contains("'otel_metric_overflow'", rejected.Message, StringComparison.Ordinal);
    }

    private static DiagnosticResult Reported(int location, string key, string metric, string reason)
        => new DiagnosticResult(RejectedLabelKeyAnalyzer.Rule).WithLocation(location).WithArguments(key, metric, reason);
}
