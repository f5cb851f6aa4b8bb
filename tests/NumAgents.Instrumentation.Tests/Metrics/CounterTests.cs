using Microsoft.Extensions.Time.Testing;

namespace NumAgents.Instrumentation.Tests.Metrics;

public sealed class CounterTests
{
    [Fact]
    public void Counter_defaults_to_one_and_accepts_custom_increments()
    {
        var metrics = new MetricsCollector();
        metrics.Counter("api.requests.total");
        metrics.Counter("api.requests.total");
        metrics.Counter("bytes.sent", value: 1024);
        metrics.Counter("bytes.sent", value: 0.5);

        Assert.Equal(2, metrics.GetCounterValue("api.requests.total"));
        Assert.Equal(1024.5, metrics.GetCounterValue("bytes.sent"));
        Assert.Equal(0, metrics.GetCounterValue("never.recorded"));
    }

    [Fact]
    public void Label_order_does_not_change_the_series()
    {
        var metrics = new MetricsCollector();
        metrics.Counter("http.requests", labels: [("method", "GET"), ("status", "200")]);
        metrics.Counter("http.requests", labels: [("status", "200"), ("method", "GET")]);
        metrics.Counter("http.requests", labels: new Dictionary<string, string> { ["status"] = "200", ["method"] = "GET" });
        metrics.Counter("http.requests", labels: [("method", "POST"), ("status", "201")]);

        Assert.Equal(3, metrics.GetCounterValue("http.requests", [("status", "200"), ("method", "GET")]));
        Assert.Equal(1, metrics.GetCounterValue("http.requests", Labels.From(new Dictionary<string, string> { ["method"] = "POST", ["status"] = "201" })));
        Assert.Equal(2, metrics.GetMetric("http.requests").Count);
    }

    [Fact]
    public void Many_labels_beyond_the_inline_capacity_still_identify_one_series()
    {
        var metrics = new MetricsCollector();
        Labels forward = [("a", "1"), ("b", "2"), ("c", "3"), ("d", "4"), ("e", "5"), ("f", "6")];
        Labels backward = [("f", "6"), ("e", "5"), ("d", "4"), ("c", "3"), ("b", "2"), ("a", "1")];
        metrics.Counter("wide", labels: forward);
        metrics.Counter("wide", labels: backward);

        Assert.Equal(forward, backward);
        Assert.Equal(2, metrics.GetCounterValue("wide", forward));
        Assert.Single(metrics.GetMetric("wide"));
    }

    [Fact]
    public void Bound_handle_records_into_the_same_series_as_the_name()
    {
        var metrics = new MetricsCollector();
        var handle = metrics.GetCounter("jobs", [("queue", "fast")]);
        handle.Increment();
        handle.Add(2);
        handle.Add(0.25);
        metrics.Counter("jobs", labels: [("queue", "fast")]);

        Assert.Equal(4.25, handle.Value);
        Assert.Equal(4.25, metrics.GetCounterValue("jobs", [("queue", "fast")]));
        Assert.Same(handle, metrics.GetCounter("jobs", [("queue", "fast")]));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void Invalid_increments_are_rejected_naming_the_metric_and_leave_nothing_behind(double increment)
    {
        var metrics = new MetricsCollector();
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => metrics.Counter("orders.placed", increment));

        Assert.Contains("orders.placed", error.Message, StringComparison.Ordinal);
        Assert.Empty(metrics.GetAllMetrics());
    }

    [Fact]
    public void Handle_rejects_negative_and_non_finite_increments()
    {
        var handle = new MetricsCollector().GetCounter("retries");
        Assert.Contains("retries", Assert.Throws<ArgumentOutOfRangeException>(() => handle.Add(-1L)).Message, StringComparison.Ordinal);
        Assert.Contains("retries", Assert.Throws<ArgumentOutOfRangeException>(() => handle.Add(double.NaN)).Message, StringComparison.Ordinal);
        Assert.Equal(0, handle.Value);
    }

    [Fact]
    public void Timestamp_is_when_the_series_was_last_seen_to_change()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var metrics = new MetricsCollector(new MetricsOptions { TimeProvider = clock });
        metrics.Counter("ticks");
        var first = metrics.GetMetric("ticks")[0].Timestamp;

        clock.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(first, metrics.GetMetric("ticks")[0].Timestamp);

        metrics.Counter("ticks");
        Assert.Equal(first.AddSeconds(5), metrics.GetMetric("ticks")[0].Timestamp);
    }

    [Fact]
    public void Metric_exposes_the_contract_shape()
    {
        var metrics = new MetricsCollector();
        metrics.Counter("http.requests", 3, [("method", "GET")], description: "Requests served");
        var metric = Assert.Single(metrics.GetMetric("http.requests"));

        Assert.Equal("http.requests", metric.Name);
        Assert.Equal(MetricType.Counter, metric.Type);
        Assert.Equal(3, metric.Value);
        Assert.Equal("GET", metric.Labels["method"]);
        Assert.Equal("Requests served", metric.Description);
        var dictionary = metric.ToDictionary();
        Assert.Equal("counter", dictionary["type"]);
        Assert.Equal(3.0, dictionary["value"]);
    }
}
