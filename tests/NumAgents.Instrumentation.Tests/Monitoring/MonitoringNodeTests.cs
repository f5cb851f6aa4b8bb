using NumAgents.Core;

namespace NumAgents.Instrumentation.Tests.Monitoring;

public sealed class MonitoringNodeTests
{
    [Fact]
    public void Guide_flow_integration_example()
    {
        var monitor = new AgentMonitor(serviceName: "my_flow");
        monitor.Metrics.Counter("flow.executions");
        monitor.Metrics.Gauge("flow.active_nodes", 3);
        var monitoringNode = new MonitoringNode(monitor: monitor, metricPrefix: "flow");
        var flow = new Flow(nodes: [monitoringNode]);

        var result = flow.Execute();

        var stats = (MonitorStatistics)result["MonitoringNode"]["stats"]!;
        Assert.Equal("my_flow", stats.ServiceName);
        Assert.Equal(2, stats.MetricsCount);
        Assert.Equal(2, stats.ToDictionary()["metrics_count"]);
    }

    [Fact]
    public void It_records_the_statistics_as_gauges_under_its_prefix()
    {
        var monitor = new AgentMonitor(serviceName: "svc");
        monitor.Metrics.Counter("requests.total");
        var node = new MonitoringNode(monitor, metricPrefix: "etl", name: "report");

        node.Run(new SharedStore());
        Assert.Equal(1, monitor.Metrics.GetGaugeValue("etl.metrics_count"));

        var second = (MonitorStatistics)node.Run(new SharedStore())[MonitoringNode.StatsKey]!;
        Assert.Equal(2, second.MetricsCount);
        Assert.Equal(2, monitor.Metrics.GetGaugeValue("etl.metrics_count"));
        Assert.Equal("report", node.Name);
    }

    [Fact]
    public void Gauges_survive_a_monitor_clear()
    {
        var monitor = new AgentMonitor();
        var node = new MonitoringNode(monitor);
        node.Run(new SharedStore());
        monitor.Clear();
        monitor.Metrics.Counter("a");

        node.Run(new SharedStore());

        Assert.Equal(1, monitor.Metrics.GetGaugeValue("flow.metrics_count"));
    }

    [Fact]
    public void Invalid_arguments_are_rejected()
    {
        Assert.Throws<ArgumentNullException>(() => new MonitoringNode(null!));
        Assert.Throws<ArgumentException>(() => new MonitoringNode(new AgentMonitor(), metricPrefix: " "));
    }
}
