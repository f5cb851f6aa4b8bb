using NumAgents.Instrumentation.Analyzers.Internal;

namespace NumAgents.Instrumentation.Analyzers.Tests.Internal;

/// <summary>The analyzer's copy of the Prometheus naming agrees with the runtime, checked through the runtime's public API.</summary>
public sealed class PrometheusNamesTests
{
    public static TheoryData<string> Names => new()
    {
        "api.requests.total", "api_requests", "2xx.responses", "cache:get", "Memory Usage", "café.orders", "a-b/c", "x",
    };

    [Theory]
    [MemberData(nameof(Names))]
    public void Sanitized_names_match_what_the_runtime_exports(string name)
    {
        var metrics = new MetricsCollector();
        metrics.Counter(name);

        Assert.Contains($"# TYPE {PrometheusNames.Sanitize(name)} counter\n", metrics.ExportPrometheus(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("api.requests", "Counter", "api_requests", "Counter", true)]
    [InlineData("db.query", "Histogram", "db.query.count", "Gauge", true)]
    [InlineData("db.query", "Timer", "db_query_bucket", "Counter", true)]
    [InlineData("db.query", "Counter", "db.query.count", "Gauge", false)]
    [InlineData("cache.get", "Counter", "cache.set", "Counter", false)]
    public void Collisions_predicted_by_the_analyzer_are_the_ones_the_runtime_rejects(string first, string firstKindName, string second, string secondKindName, bool collides)
    {
        var firstKind = Enum.Parse<MetricKind>(firstKindName);
        var secondKind = Enum.Parse<MetricKind>(secondKindName);
        var firstSamples = PrometheusNames.SampleNames(PrometheusNames.Sanitize(first), firstKind).ToHashSet(StringComparer.Ordinal);
        var predicted = PrometheusNames.SampleNames(PrometheusNames.Sanitize(second), secondKind).Any(firstSamples.Contains);
        Assert.Equal(collides, predicted);

        var metrics = new MetricsCollector();
        Record(metrics, first, firstKind);
        var rejected = Record(metrics, second, secondKind);
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
        => Assert.Equal(unusable, PrometheusNames.WhyUnusable(name) is not null);

    private static Exception? Record(MetricsCollector metrics, string name, MetricKind kind)
    {
        try
        {
            switch (kind)
            {
                case MetricKind.Counter: metrics.Counter(name); break;
                case MetricKind.Gauge: metrics.Gauge(name, 1); break;
                case MetricKind.Histogram: metrics.Histogram(name, 1); break;
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
