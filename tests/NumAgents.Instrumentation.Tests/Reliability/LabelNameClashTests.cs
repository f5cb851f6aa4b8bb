namespace NumAgents.Instrumentation.Tests.Reliability;

/// <summary>
/// Found by the hostile-input property: two label keys that export as one name (<c>a.b</c> and
/// <c>a_b</c>) in two series of one metric exported two identical series, which Prometheus rejects.
/// </summary>
public sealed class LabelNameClashTests
{
    [Fact]
    public void A_second_key_that_exports_like_an_earlier_key_of_the_metric_is_rejected()
    {
        var metrics = new MetricsCollector();
        metrics.Counter("http.requests", labels: [("http.method", "GET")]);

        var rejected = Assert.Throws<ArgumentException>(() => metrics.Counter("http.requests", labels: [("http_method", "GET")]));

        Assert.Contains("'http.requests'", rejected.Message, StringComparison.Ordinal);
        Assert.Contains("'http_method'", rejected.Message, StringComparison.Ordinal);
        Assert.Contains("'http.method'", rejected.Message, StringComparison.Ordinal);
        Assert.Single(metrics.GetMetric("http.requests"));
        Assert.Equal(1, metrics.ExportPrometheus().Split('\n').Count(l => l.StartsWith("http_requests_total{", StringComparison.Ordinal)));
    }

    [Fact]
    public void The_same_key_in_other_series_and_other_metrics_is_fine()
    {
        var metrics = new MetricsCollector();
        metrics.Counter("http.requests", labels: [("http.method", "GET")]);
        metrics.Counter("http.requests", labels: [("http.method", "POST"), ("route", "/a")]);
        metrics.Counter("other.requests", labels: [("http_method", "GET")]);
        Assert.Equal(2, metrics.GetMetric("http.requests").Count);
    }

    [Fact]
    public void Clear_forgets_the_claimed_names()
    {
        var metrics = new MetricsCollector();
        metrics.Counter("http.requests", labels: [("http.method", "GET")]);
        metrics.Clear();
        metrics.Counter("http.requests", labels: [("http_method", "GET")]);
        Assert.Equal(1, metrics.GetCounterValue("http.requests", [("http_method", "GET")]));
    }
}
