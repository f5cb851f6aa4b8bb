namespace NumAgents.Instrumentation.Tests.Metrics;

public sealed class ValidationTests
{
    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void Empty_names_are_rejected(string name)
    {
        var metrics = new MetricsCollector();
        Assert.Throws<ArgumentException>(() => metrics.Counter(name));
        Assert.Throws<ArgumentException>(() => metrics.Gauge(name, 1));
        Assert.Throws<ArgumentException>(() => metrics.Histogram(name, 1));
        Assert.Throws<ArgumentException>(() => metrics.GetCounter(name));
        Assert.Empty(metrics.GetAllMetrics());
    }

    [Fact]
    public void Null_name_is_rejected()
    {
        var metrics = new MetricsCollector();
        Assert.Throws<ArgumentNullException>(() => metrics.Counter(null!));
        Assert.Throws<ArgumentNullException>(() => metrics.Timer(null!));
    }

    [Fact]
    public void A_name_keeps_its_kind_and_the_error_names_both_kinds()
    {
        var metrics = new MetricsCollector();
        metrics.Counter("queue.depth");

        var error = Assert.Throws<ArgumentException>(() => metrics.Gauge("queue.depth", 3));
        Assert.Contains("queue.depth", error.Message, StringComparison.Ordinal);
        Assert.Contains("Counter", error.Message, StringComparison.Ordinal);
        Assert.Contains("Gauge", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => metrics.Timer("queue.depth"));
        Assert.Null(metrics.GetGaugeValue("queue.depth"));
    }

    [Fact]
    public void Null_label_keys_and_values_are_rejected_naming_the_metric()
    {
        var metrics = new MetricsCollector();
        var nullKey = Assert.Throws<ArgumentException>(() => metrics.Counter("logins", labels: [(null!, "x")]));
        var nullValue = Assert.Throws<ArgumentException>(() => metrics.Counter("logins", labels: [("region", null!)]));

        Assert.Contains("logins", nullKey.Message, StringComparison.Ordinal);
        Assert.Contains("null", nullKey.Message, StringComparison.Ordinal);
        Assert.Contains("region", nullValue.Message, StringComparison.Ordinal);
        Assert.Empty(metrics.GetAllMetrics());
    }

    [Fact]
    public void Duplicate_label_keys_are_rejected()
    {
        var metrics = new MetricsCollector();
        var error = Assert.Throws<ArgumentException>(() => metrics.Counter("logins", labels: [("region", "eu"), ("region", "us")]));
        Assert.Contains("region", error.Message, StringComparison.Ordinal);
        Assert.Contains("more than once", error.Message, StringComparison.Ordinal);
        Assert.Empty(metrics.GetAllMetrics());
    }

    [Fact]
    public void Label_keys_that_export_alike_are_rejected()
    {
        var metrics = new MetricsCollector();
        var error = Assert.Throws<ArgumentException>(() => metrics.Counter("logins", labels: [("a.b", "1"), ("a_b", "2")]));
        Assert.Contains("a_b", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Histograms_reserve_the_le_label()
    {
        var metrics = new MetricsCollector();
        Assert.Throws<ArgumentException>(() => metrics.Histogram("latency", 1, [("le", "5")]));
        metrics.Counter("plain", labels: [("le", "5")]);
        Assert.Equal(1, metrics.GetCounterValue("plain", [("le", "5")]));
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void Gauges_and_histograms_reject_non_finite_values(double value)
    {
        var metrics = new MetricsCollector();
        Assert.Contains("cpu", Assert.Throws<ArgumentOutOfRangeException>(() => metrics.Gauge("cpu", value)).Message, StringComparison.Ordinal);
        Assert.Contains("latency", Assert.Throws<ArgumentOutOfRangeException>(() => metrics.Histogram("latency", value)).Message, StringComparison.Ordinal);
        Assert.Null(metrics.GetGaugeValue("cpu"));
        Assert.Equal(0, metrics.GetHistogramStats("latency").Count);

        var gauge = metrics.GetGauge("cpu.bound");
        gauge.Set(7);
        Assert.Throws<ArgumentOutOfRangeException>(() => gauge.Set(value));
        Assert.Equal(7, gauge.Value);
        var histogram = metrics.GetHistogram("latency.bound");
        Assert.Throws<ArgumentOutOfRangeException>(() => histogram.Record(value));
        Assert.Equal(0, histogram.Count);
    }

    [Fact]
    public void Names_that_export_as_the_same_prometheus_name_are_rejected_when_the_second_is_used()
    {
        var metrics = new MetricsCollector();
        metrics.Counter("api.requests");
        var error = Assert.Throws<ArgumentException>(() => metrics.Counter("api_requests"));

        Assert.Contains("api_requests", error.Message, StringComparison.Ordinal);
        Assert.Contains("api.requests", error.Message, StringComparison.Ordinal);
        Assert.Single(metrics.GetAllMetrics());
    }

    [Fact]
    public void A_counter_cannot_take_a_histogram_suffix_name()
    {
        var metrics = new MetricsCollector();
        metrics.Histogram("latency", 1);
        Assert.Throws<ArgumentException>(() => metrics.Counter("latency_count"));
        Assert.Throws<ArgumentException>(() => metrics.Gauge("latency.sum", 1));
    }

    [Fact]
    public void Histogram_buckets_are_fixed_by_first_use()
    {
        var metrics = new MetricsCollector();
        metrics.GetHistogram("size", buckets: [1, 10, 100]).Record(5);
        metrics.GetHistogram("size", buckets: [1, 10, 100]).Record(50);
        Assert.Throws<ArgumentException>(() => metrics.GetHistogram("size", buckets: [1, 2]));
        Assert.Throws<ArgumentException>(() => metrics.GetHistogram("other", buckets: [5, 1]));
        Assert.Throws<ArgumentException>(() => metrics.GetHistogram("other2", buckets: [1, double.PositiveInfinity]));
    }
}
