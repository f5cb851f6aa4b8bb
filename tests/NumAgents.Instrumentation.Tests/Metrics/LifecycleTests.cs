namespace NumAgents.Instrumentation.Tests.Metrics;

public sealed class LifecycleTests
{
    [Fact]
    public void Clear_removes_every_series_and_held_handles_keep_working()
    {
        var monitor = new AgentMonitor();
        var metrics = monitor.Metrics;
        var counter = metrics.GetCounter("jobs", [("queue", "a")]);
        counter.Add(5);
        metrics.Gauge("depth", 3);

        monitor.Clear();
        Assert.Empty(metrics.GetAllMetrics());
        Assert.Equal(0, monitor.GetStatistics().MetricsCount);

        counter.Add(2);
        Assert.Equal(2, metrics.GetCounterValue("jobs", [("queue", "a")]));
        Assert.Equal(1, monitor.GetStatistics().MetricsCount);
    }

    [Fact]
    public void A_cleared_name_can_be_reused_as_another_kind()
    {
        var metrics = new MetricsCollector();
        metrics.Counter("thing");
        metrics.Clear();
        metrics.Gauge("thing", 4);
        Assert.Equal(4, metrics.GetGaugeValue("thing"));
    }

    [Fact]
    public void Disabled_collector_accepts_calls_and_keeps_nothing()
    {
        var monitor = new AgentMonitor(enableMetrics: false);
        Assert.False(monitor.Metrics.IsEnabled);
        monitor.Metrics.Counter("a");
        monitor.Metrics.GetCounter("b").Increment();
        monitor.Metrics.Histogram("c", 1);
        using (monitor.Metrics.Timer("d"))
        {
        }

        Assert.Empty(monitor.Metrics.GetAllMetrics());
        Assert.Equal(string.Empty, monitor.Metrics.ExportPrometheus());
        Assert.Throws<ArgumentOutOfRangeException>(() => monitor.Metrics.Counter("a", -1));
    }

    [Fact]
    public void Gauge_reports_last_value_and_null_when_absent()
    {
        var metrics = new MetricsCollector();
        Assert.Null(metrics.GetGaugeValue("memory.usage.bytes"));
        metrics.Gauge("memory.usage.bytes", 2048);
        metrics.Gauge("cpu.usage.percent", 50.5, labels: [("host", "server1"), ("core", "0")]);
        metrics.GetGauge("inflight").Increment();
        metrics.GetGauge("inflight").Increment();
        metrics.GetGauge("inflight").Decrement();

        Assert.Equal(2048, metrics.GetGaugeValue("memory.usage.bytes"));
        Assert.Equal(50.5, metrics.GetGaugeValue("cpu.usage.percent", [("core", "0"), ("host", "server1")]));
        Assert.Equal(1, metrics.GetGaugeValue("inflight"));
    }
}
