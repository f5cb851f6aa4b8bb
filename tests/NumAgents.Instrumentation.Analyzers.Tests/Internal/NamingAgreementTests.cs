using System.Collections.Immutable;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using NumAgents.Instrumentation.Analyzers.Internal;
using NumAgents.Instrumentation.Analyzers.Rules;
using NumAgents.Instrumentation.Analyzers.Tests.Infrastructure;
using NumAgents.Instrumentation.Naming;

namespace NumAgents.Instrumentation.Analyzers.Tests.Internal;

/// <summary>
/// Compile time and run time agree on Prometheus naming: the analyzers run the runtime's own naming code
/// (src/Shared/Naming, compiled into both), and these tests hold the analyzers' copy against the runtime's
/// public behaviour: the names it exports, the names it rejects as clashing, the label keys it rejects.
/// </summary>
public sealed class NamingAgreementTests
{
    public static TheoryData<string> Names => new()
    {
        "api.requests.total", "api_requests", "2xx.responses", "cache:get", "Memory Usage", "café.orders", "a-b/c", "x", "jobs.total.total",
    };

    [Theory]
    [MemberData(nameof(Names))]
    public void Exported_names_match_what_the_runtime_writes_in_both_formats_and_namings(string name)
    {
        var metrics = new MetricsCollector();
        metrics.Counter(name);
        using (metrics.Timer(name + ".time"))
        {
        }

        metrics.Gauge(name + ".size", 1, unit: "By");
        foreach (var options in new[]
        {
            PrometheusExportOptions.Default,
            new PrometheusExportOptions { Naming = PrometheusNaming.Legacy },
            new PrometheusExportOptions { Format = PrometheusFormat.OpenMetrics },
            new PrometheusExportOptions { Format = PrometheusFormat.OpenMetrics, Naming = PrometheusNaming.Legacy },
        })
        {
            var conventional = options.Naming == PrometheusNaming.Conventional;
            var openMetrics = options.Format == PrometheusFormat.OpenMetrics;
            var text = metrics.ExportPrometheus(options);
            Assert.Contains($"# TYPE {PrometheusFamilyName.Create(name, PrometheusMetricKind.Counter, null).FamilyName(conventional, openMetrics)} counter\n", text, StringComparison.Ordinal);
            Assert.Contains($"# TYPE {PrometheusFamilyName.Create(name + ".time", PrometheusMetricKind.Timer, null).FamilyName(conventional, openMetrics)} histogram\n", text, StringComparison.Ordinal);
            Assert.Contains($"# TYPE {PrometheusFamilyName.Create(name + ".size", PrometheusMetricKind.Gauge, "By").FamilyName(conventional, openMetrics)} gauge\n", text, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("api.requests", "Counter", null, "api_requests", "Counter", null, true)]
    [InlineData("api.requests", "Counter", null, "api.requests.total", "Counter", null, true)]
    [InlineData("db.query", "Histogram", null, "db.query.count", "Gauge", null, true)]
    [InlineData("db.query", "Timer", null, "db_query_bucket", "Counter", null, true)]
    [InlineData("db.query", "Timer", null, "db.query.seconds", "Gauge", null, true)]
    [InlineData("db.query", "Histogram", null, "db.query.sum.total", "Counter", null, true)]
    [InlineData("jobs", "Counter", null, "jobs.created", "Gauge", null, true)]
    [InlineData("queue.size", "Gauge", "By", "queue.size.bytes", "Gauge", null, true)]
    [InlineData("queue.size", "Gauge", "{item}", "queue.size.bytes", "Gauge", null, false)]
    [InlineData("db.query", "Counter", null, "db.query.count", "Gauge", null, false)]
    [InlineData("cache.get", "Counter", null, "cache.set", "Counter", null, false)]
    [InlineData("pool.usage", "Gauge", "1", "pool.usage", "Gauge", "1", false)]
    public void Collisions_predicted_by_the_analyzer_are_the_ones_the_runtime_rejects(string first, string firstKindName, string? firstUnit, string second, string secondKindName, string? secondUnit, bool collides)
    {
        var firstKind = Enum.Parse<MetricKind>(firstKindName);
        var secondKind = Enum.Parse<MetricKind>(secondKindName);
        var firstClaims = PrometheusFamilyName.Create(first, MetricUnits.KindOf(firstKind), firstUnit).Claims().ToHashSet(StringComparer.Ordinal);
        var predicted = first != second && PrometheusFamilyName.Create(second, MetricUnits.KindOf(secondKind), secondUnit).Claims().Any(firstClaims.Contains);
        Assert.Equal(collides, predicted);

        var metrics = new MetricsCollector();
        Assert.Null(Record(metrics, first, firstKind, firstUnit));
        var rejected = Record(metrics, second, secondKind, secondUnit);
        Assert.Equal(collides, rejected is ArgumentException);
    }

    [Theory]
    [InlineData("", true)]
    [InlineData("   ", true)]
    [InlineData("...", true)]
    [InlineData("__reserved", true)]
    [InlineData("_.private", true)]
    [InlineData("_private", false)]
    [InlineData("api.requests", false)]
    [InlineData("9lives", false)]
    public void Unusable_names_are_the_empty_the_meaningless_and_the_reserved(string name, bool unusable)
        => Assert.Equal(unusable, PrometheusNameSanitizer.WhyUnusableMetricName(name) is not null);

    /// <summary>Keys the runtime rejects and keys it renames, with every awkward character class.</summary>
    private static readonly string[] Keys =
    [
        "", " ", "\t", "\n", "le", "LE", "l.e", "_le", "__le", "otel_metric_overflow", "otel.metric.overflow", "otel-metric-overflow",
        "__otel_metric_overflow", "_otel_metric_overflow", "method", "http.method", "9lives", "é", "😀", "quantile", "a b", "__name__", "_", "__",
    ];

    [Fact]
    public async Task The_analyzer_reports_exactly_the_label_keys_the_runtime_rejects()
    {
        var source = new StringBuilder("using NumAgents.Instrumentation;\nclass Calls\n{\n    void Record(MetricsCollector m)\n    {\n");
        var lines = new List<(int Line, MetricKind Kind, string Key)>();
        var line = 5;
        foreach (var key in Keys)
        {
            var literal = SymbolDisplay.FormatLiteral(key, quote: true);
            source.Append($"        m.Counter(\"counter.{lines.Count}\", labels: [({literal}, \"v\")]);\n");
            lines.Add((line++, MetricKind.Counter, key));
            source.Append($"        m.Histogram(\"histogram.{lines.Count}\", 1, labels: [({literal}, \"v\")]);\n");
            lines.Add((line++, MetricKind.Histogram, key));
        }

        source.Append("    }\n}\n");
        var reported = (await AnalyzeAsync(source.ToString(), new RejectedLabelKeyAnalyzer()))
            .Where(d => d.Id == RuleIdentifiers.RejectedLabelKey)
            .Select(d => d.Location.GetLineSpan().StartLinePosition.Line)
            .ToHashSet();

        var metrics = new MetricsCollector();
        foreach (var (sourceLine, kind, key) in lines)
        {
            var name = kind == MetricKind.Counter ? "counter." + sourceLine : "histogram." + sourceLine;
            var rejectedAtRunTime = kind == MetricKind.Counter
                ? Throws(() => metrics.Counter(name, labels: [(key, "v")]))
                : Throws(() => metrics.Histogram(name, 1, labels: [(key, "v")]));
            Assert.True(rejectedAtRunTime == reported.Contains(sourceLine), $"{kind} label {SymbolDisplay.FormatLiteral(key, true)}: the runtime {(rejectedAtRunTime ? "rejects" : "accepts")} it, the analyzer {(reported.Contains(sourceLine) ? "reports" : "does not report")} it");
        }

        Assert.NotEmpty(reported);
    }

    internal static async Task<ImmutableArray<Diagnostic>> AnalyzeAsync(string source, DiagnosticAnalyzer analyzer)
    {
        var compilation = CSharpCompilation.Create(
            "Agreement",
            [CSharpSyntaxTree.ParseText(source, TestReferences.ParseOptions)],
            TestReferences.All,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToArray();
        Assert.True(errors.Length == 0, string.Join("\n", errors.Select(e => e.ToString())));
        return await compilation.WithAnalyzers([analyzer]).GetAnalyzerDiagnosticsAsync();
    }

    private static bool Throws(Action record)
    {
        try
        {
            record();
            return false;
        }
        catch (ArgumentException)
        {
            return true;
        }
    }

    private static Exception? Record(MetricsCollector metrics, string name, MetricKind kind, string? unit)
    {
        try
        {
            switch (kind)
            {
                case MetricKind.Counter: metrics.Counter(name, unit: unit); break;
                case MetricKind.Gauge: metrics.Gauge(name, 1, unit: unit); break;
                case MetricKind.Histogram: metrics.Histogram(name, 1, unit: unit); break;
                default: metrics.Timer(name).Dispose(); break;
            }

            return null;
        }
        catch (ArgumentException exception)
        {
            return exception;
        }
    }
}
