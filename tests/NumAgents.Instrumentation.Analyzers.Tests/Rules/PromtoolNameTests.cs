using System.Diagnostics;
using Microsoft.CodeAnalysis.Testing;
using NumAgents.Instrumentation.Analyzers.Rules;
using NumAgents.Instrumentation.Analyzers.Tests.Infrastructure;
using NumAgents.Instrumentation.Naming;

namespace NumAgents.Instrumentation.Analyzers.Tests.Rules;

/// <summary>NAI0018: names <c>promtool check metrics</c> reports once the runtime has exported them.</summary>
public sealed class PromtoolNameTests
{
    [Fact]
    public async Task Names_promtool_reports_after_conventional_naming_are_warned_about_in_its_words()
    {
        const string source = """
            using NumAgents.Instrumentation;

            class Names
            {
                void Record(MetricsCollector m)
                {
                    m.Histogram({|#0:"api.response.time.ms"|}, 25);
                    m.Histogram({|#1:"payload"|}, 512, unit: "KiBy");
                    m.Gauge({|#2:"flow.metrics_count"|}, 12);
                    m.Counter({|#3:"jobs"|}, labels: [("quantile", "p99")]);
                    m.Gauge({|#4:"requests.counter"|}, 1);
                    m.Counter({|#5:"apiRequests"|});
                    m.Gauge({|#6:"queue.total"|}, 1);
                }
            }
            """;

        await Verify<PromtoolNameAnalyzer>.AnalyzerAsync(
            source,
            Reported(0, "api.response.time.ms", "api_response_time_ms", "metric names should not contain abbreviated units"),
            Reported(1, "payload", "payload_kibibytes", "use base unit \"bytes\" instead of \"kibibytes\""),
            Reported(2, "flow.metrics_count", "flow_metrics_count", "non-histogram and non-summary metrics should not have \"_count\" suffix"),
            Reported(3, "jobs", "jobs_total", "non-summary metrics should not have \"quantile\" label"),
            Reported(4, "requests.counter", "requests_counter", "metric name should not include type 'counter'"),
            Reported(5, "apiRequests", "apiRequests_total", "metric names should be written in 'snake_case' not 'camelCase'"),
            Reported(6, "queue.total", "queue_total", "non-counter metrics should not have \"_total\" suffix"));
    }

    [Fact]
    public async Task The_default_and_sample_metrics_and_conventional_units_pass()
    {
        const string source = """
            using NumAgents.Instrumentation;

            [Counted("tool.calls", Unit = "{call}")]
            [Timed("knowledge.search.duration")]
            class Tools
            {
                [Timed, Counted]
                public void Call() { }

                void Record(MetricsCollector m)
                {
                    m.Counter("nodes.executed", labels: [("node", "plan"), ("outcome", "success")]);
                    using (m.Timer("node.duration", [("node", "plan")])) { }
                    m.Counter("flows.executed", labels: [("flow", "etl"), ("outcome", "success")]);
                    using (m.Timer("flow.duration")) { }
                    m.Counter("api.requests.total");
                    m.Gauge("memory.usage", 2048, unit: "By");
                    m.Gauge("cpu.utilization", 0.5, unit: "1");
                    m.Histogram("payload.size", 512, unit: "By");
                    m.Counter({|#0:"requests"|}, labels: [("le", "x")]);
                    using (m.Timer("db.query.duration.ms")) { }
                    m.Gauge("flow.metric_series", 12);
                }
            }
            """;

        // Only the counter labelled le: the runtime accepts that key on a counter, promtool does not.
        await Verify<PromtoolNameAnalyzer>.AnalyzerAsync(source, Reported(0, "requests", "requests_total", "non-histogram metrics should not have \"le\" label"));
    }

    [Fact]
    public async Task Attribute_names_and_units_are_checked_where_they_are_written()
    {
        const string source = """
            using NumAgents.Instrumentation;

            class Service
            {
                [Counted({|#0:"payload.kb"|}, Unit = "By")]
                public void Upload() { }

                [Timed({|#1:"step.latency.count"|})]
                public void Step() { }
            }
            """;

        await Verify<PromtoolNameAnalyzer>.AnalyzerAsync(
            source,
            Reported(0, "payload.kb", "payload_kb_bytes_total", "metric names should not contain abbreviated units"));
    }

    /// <summary>Names whose findings cover every rule, each exported by the runtime and linted by the real promtool.</summary>
    public static TheoryData<string, string, string?> LintCases => new()
    {
        { "nodes.executed", "Counter", null }, { "node.duration", "Timer", null }, { "api.response.time.ms", "Histogram", null },
        { "latency.milliseconds", "Histogram", null }, { "payload", "Histogram", "KiBy" }, { "flow.metrics_count", "Gauge", null },
        { "flow.spans_count", "Gauge", null }, { "queue.sum", "Gauge", null }, { "queue.bucket", "Counter", null },
        { "queue.total", "Gauge", null }, { "requests.counter", "Counter", null }, { "depth.gauge.now", "Gauge", null },
        { "apiRequests", "Counter", null }, { "transfer.rate", "Gauge", "By/s" }, { "distance", "Gauge", "m" },
        { "cpu.utilization", "Gauge", "1" }, { "heat", "Gauge", "Cel" }, { "temperature.fahrenheit", "Gauge", null },
        { "size.mb", "Gauge", null }, { "up.h", "Gauge", null }, { "job.seconds.total", "Counter", null }, { "tool.calls", "Counter", "{call}" },
        { "work.done", "Counter", "ms" }, { "age", "Gauge", "d" }, { "bits.sent", "Counter", null }, { "power", "Gauge", "W" },
    };

    [Theory]
    [Trait("Requires", "promtool")]
    [MemberData(nameof(LintCases))]
    public void The_findings_are_exactly_what_the_real_promtool_reports(string name, string kindName, string? unit)
    {
        var kind = Enum.Parse<PrometheusMetricKind>(kindName);
        var metrics = new MetricsCollector();
        switch (kind)
        {
            case PrometheusMetricKind.Counter: metrics.Counter(name, labels: [("camelKey", "v")], unit: unit); break;
            case PrometheusMetricKind.Gauge: metrics.Gauge(name, 1, labels: [("camelKey", "v")], unit: unit); break;
            case PrometheusMetricKind.Histogram: metrics.Histogram(name, 1, labels: [("camelKey", "v")], unit: unit); break;
            default: metrics.GetTimer(name, [("camelKey", "v")]).Record(1); break;
        }

        var family = PrometheusFamilyName.Create(name, kind, unit).FamilyName(conventional: true, openMetrics: false);
        var ours = PromtoolLint.Problems(family, kind, ["camelKey"]).ToHashSet(StringComparer.Ordinal);
        var theirs = RunPromtool(metrics.ExportPrometheus());
        Assert.Equal(ours.Order(StringComparer.Ordinal), theirs.Where(p => p.Family == family).Select(p => p.Problem).Distinct().Order(StringComparer.Ordinal));
        Assert.All(theirs, p => Assert.Equal(family, p.Family));
    }

    private static DiagnosticResult Reported(int location, string name, string exported, string problems)
        => new DiagnosticResult(PromtoolNameAnalyzer.Rule).WithLocation(location).WithArguments(name, exported, problems);

    /// <summary>promtool prints one finding per line, <c>family problem</c>; it exits 3 when there is any, 1 when it cannot parse.</summary>
    private static List<(string Family, string Problem)> RunPromtool(string exposition)
    {
        var start = new ProcessStartInfo("promtool", "check metrics")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("promtool did not start (apt-get install prometheus).");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        process.StandardInput.Write(exposition);
        process.StandardInput.Close();
        Assert.True(process.WaitForExit(60_000), "promtool did not finish within 60 s");
        var text = output.Result + errors.Result;
        Assert.True(process.ExitCode is 0 or 3, $"promtool exit {process.ExitCode}: {text}");
        return text.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => (Family: line[..line.IndexOf(' ', StringComparison.Ordinal)], Problem: line[(line.IndexOf(' ', StringComparison.Ordinal) + 1)..]))
            .ToList();
    }
}
