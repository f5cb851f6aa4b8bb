namespace NumAgents.Instrumentation.Tests.Metrics;

public sealed class AgentMonitorTests
{
    [Fact]
    public void GetMonitor_returns_the_same_instance()
    {
        Assert.Same(AgentMonitor.GetMonitor(), AgentMonitor.GetMonitor());
    }

    [Fact]
    public async Task Use_sets_the_current_monitor_for_the_async_flow_and_restores_it()
    {
        var outer = new AgentMonitor("outer");
        var inner = new AgentMonitor("inner");
        Assert.Same(AgentMonitor.GetMonitor(), AgentMonitor.Current);
        using (AgentMonitor.Use(outer))
        {
            await Task.Yield();
            Assert.Same(outer, AgentMonitor.Current);
            using (AgentMonitor.Use(inner))
            {
                Assert.Same(inner, await Task.Run(() => AgentMonitor.Current));
            }

            Assert.Same(outer, AgentMonitor.Current);
        }

        Assert.Same(AgentMonitor.GetMonitor(), AgentMonitor.Current);
    }

    [Fact]
    public void Statistics_count_distinct_series()
    {
        var monitor = new AgentMonitor(serviceName: "my_agent");
        monitor.Metrics.Counter("requests.total");
        monitor.Metrics.Counter("requests.total");
        monitor.Metrics.Counter("http.requests", labels: [("method", "GET")]);
        monitor.Metrics.Counter("http.requests", labels: [("method", "POST")]);

        var stats = monitor.GetStatistics();
        Assert.Equal("my_agent", stats.ServiceName);
        Assert.Equal(3, stats.MetricsCount);
        Assert.Equal(3, stats.ToDictionary()["metrics_count"]);
    }

    [Fact]
    public void Invalid_options_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => new AgentMonitor(new MonitorOptions { ServiceName = " " }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new AgentMonitor(new MonitorOptions { MaxLabelSetsPerMetric = 0 }));
    }
}
