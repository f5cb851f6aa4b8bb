using Microsoft.CodeAnalysis.Testing;
using NumAgents.Instrumentation.Analyzers.CodeFixes.Rules;
using NumAgents.Instrumentation.Analyzers.Rules;
using NumAgents.Instrumentation.Analyzers.Tests.Infrastructure;

namespace NumAgents.Instrumentation.Analyzers.Tests.Rules;

/// <summary>NAI0012: metric and span names in lowercase dotted form, and the fix that rewrites the literal.</summary>
public sealed class NamingConventionTests
{
    [Fact]
    public async Task Names_outside_the_convention_are_reported_with_the_suggestion_and_conventional_ones_stay_silent()
    {
        const string source = """
            using NumAgents.Instrumentation;

            class Names
            {
                const string Shared = "Shared Name";

                void Record(MetricsCollector m, Tracer tracer, string dynamicName)
                {
                    m.Counter({|#0:"ApiRequests"|});
                    m.Gauge({|#1:"Memory Usage Bytes"|}, 1);
                    using var span = tracer.Span({|#2:"Validate-Input"|});
                    m.Counter({|#3:Shared|});
                    m.Counter({|#4:"café.orders"|});

                    m.Counter("api.requests.total");
                    m.Counter("http.server.request_duration");
                    using var ok = tracer.Span("validate_input");
                    m.Counter("status.2xx");
                    m.Counter(dynamicName);
                    m.Counter(" ");
                }
            }
            """;

        await Verify<NamingConventionAnalyzer>.AnalyzerAsync(
            source,
            Expect(0, "Metric", "ApiRequests", "api_requests"),
            Expect(1, "Metric", "Memory Usage Bytes", "memory.usage.bytes"),
            Expect(2, "Span", "Validate-Input", "validate.input"),
            Expect(3, "Metric", "Shared Name", "shared.name"),
            new DiagnosticResult(NamingConventionAnalyzer.Rule).WithLocation(4).WithArguments("Metric", "café.orders", string.Empty));
    }

    [Fact]
    public async Task Attribute_names_are_checked()
    {
        const string source = """
            using NumAgents.Core;
            using NumAgents.Instrumentation;

            [Traced({|#0:"LoadData"|}), Timed({|#1:"Load Duration"|}), Counted]
            partial class LoadNode : Node
            {
                protected override NodeResult Exec(SharedStore shared) => new();
            }
            """;

        await Verify<NamingConventionAnalyzer>.AnalyzerAsync(
            source,
            Expect(0, "Span", "LoadData", "load_data"),
            Expect(1, "Metric", "Load Duration", "load.duration"));
    }

    [Fact]
    public async Task Fix_rewrites_each_literal_and_leaves_constants_alone()
    {
        const string source = """
            using NumAgents.Core;
            using NumAgents.Instrumentation;

            [Timed({|#0:"Load Duration"|})]
            partial class LoadNode : Node
            {
                const string Shared = "Shared Name";

                protected override NodeResult Exec(SharedStore shared) => new();

                void Record(MetricsCollector m, Tracer tracer)
                {
                    m.Counter({|#1:"HTTPRequestsTotal"|}, labels: [("method", "GET")]);
                    using var span = tracer.Span({|#2:@"Validate-Input"|});
                    m.Counter({|#3:Shared|});
                }
            }
            """;

        const string fixedSource = """
            using NumAgents.Core;
            using NumAgents.Instrumentation;

            [Timed("load.duration")]
            partial class LoadNode : Node
            {
                const string Shared = "Shared Name";

                protected override NodeResult Exec(SharedStore shared) => new();

                void Record(MetricsCollector m, Tracer tracer)
                {
                    m.Counter("http_requests_total", labels: [("method", "GET")]);
                    using var span = tracer.Span("validate.input");
                    m.Counter({|#3:Shared|});
                }
            }
            """;

        await Verify<NamingConventionAnalyzer>.FixAsync<RenameToConventionFixer>(
            source,
            fixedSource,
            new Verify<NamingConventionAnalyzer>.Options { RemainingDiagnostics = [Expect(3, "Metric", "Shared Name", "shared.name")] },
            Expect(0, "Metric", "Load Duration", "load.duration"),
            Expect(1, "Metric", "HTTPRequestsTotal", "http_requests_total"),
            Expect(2, "Span", "Validate-Input", "validate.input"),
            Expect(3, "Metric", "Shared Name", "shared.name"));
    }

    private static DiagnosticResult Expect(int location, string what, string name, string suggestion)
        => new DiagnosticResult(NamingConventionAnalyzer.Rule).WithLocation(location).WithArguments(what, name, "; use '" + suggestion + "'");
}
