using Microsoft.Extensions.Logging;
using NumAgents.Core;
using NumAgents.Instrumentation.Tests.Logging;

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
        Assert.Equal(1, monitor.Metrics.GetGaugeValue("etl.metric_series"));

        var second = (MonitorStatistics)node.Run(new SharedStore())[MonitoringNode.StatsKey]!;
        Assert.Equal(3, second.MetricsCount);   // requests.total, etl.metric_series, etl.retained_spans
        Assert.Equal(3, monitor.Metrics.GetGaugeValue("etl.metric_series"));
        Assert.Equal(0, monitor.Metrics.GetGaugeValue("etl.retained_spans"));
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

        Assert.Equal(1, monitor.Metrics.GetGaugeValue("flow.metric_series"));
    }

    [Fact]
    public void Invalid_arguments_are_rejected()
    {
        Assert.Throws<ArgumentNullException>(() => new MonitoringNode(null!));
        Assert.Throws<ArgumentException>(() => new MonitoringNode(new AgentMonitor(), metricPrefix: " "));
    }

    [Fact]
    public void Api_contract_example()
    {
        var monitor = new AgentMonitor(serviceName: "etl_service");
        var flow = new Flow(nodes: [new LoadNode(), new MonitoringNode(monitor, metricPrefix: "flow")], name: "etl");

        FlowResult result = flow.Execute();

        NodeResult r = result["MonitoringNode"];
        var stats = (MonitorStatistics)r["stats"]!;
        Assert.Equal("etl_service", stats.ServiceName);
        Assert.Equal(7, result["LoadNode"]["rows"]);
    }

    [Fact]
    public void It_records_the_span_count_of_earlier_runs()
    {
        var monitor = new AgentMonitor(serviceName: "svc");
        var flow = new Flow([new MonitoringNode(monitor, metricPrefix: "etl")], name: "report") { Monitor = monitor };

        var first = (MonitorStatistics)flow.Execute()["MonitoringNode"]["stats"]!;
        var second = (MonitorStatistics)flow.Execute()["MonitoringNode"]["stats"]!;

        Assert.Equal(0, first.SpansCount);        // the run's own span is still open
        Assert.Equal(1, second.SpansCount);       // the first run's flow span
        Assert.Equal(1, second.ToDictionary()["spans_count"]);
        Assert.Equal(1, monitor.Metrics.GetGaugeValue("etl.retained_spans"));
    }

    [Fact]
    public void It_logs_the_statistics_when_logging_is_on()
    {
        var provider = new CapturingLoggerProvider();
        using var factory = LoggerFactory.Create(builder => builder.AddProvider(provider));
        var monitor = new AgentMonitor(new MonitorOptions { ServiceName = "logged", LoggerFactory = factory });
        monitor.Metrics.Counter("requests.total");
        var flow = new Flow([new MonitoringNode(monitor, metricPrefix: "etl", name: "report")], name: "nightly") { Monitor = monitor };

        var result = flow.Execute();

        var record = Assert.Single(provider.Records);
        Assert.Equal(LogLevel.Information, record.Level);
        Assert.Equal("Monitoring statistics", record.Message);
        Assert.Equal(1, record["metrics_count"]);
        Assert.Equal(0, record["spans_count"]);
        Assert.Equal("report", record["node"]);
        Assert.Equal("etl", record["metric_prefix"]);
        Assert.Equal(result.Execution.TraceId, record["trace_id"]);   // logged inside the flow's span
    }

    [Fact]
    public void It_does_not_log_when_logging_is_off()
    {
        var provider = new CapturingLoggerProvider();
        using var factory = LoggerFactory.Create(builder => builder.AddProvider(provider));
        var monitor = new AgentMonitor(new MonitorOptions { LoggerFactory = factory });

        new MonitoringNode(monitor, enableLogging: false).Run(new SharedStore());

        Assert.Empty(provider.Records);
    }

    private sealed class LoadNode : Node
    {
        protected override NodeResult Exec(SharedStore shared) => new() { ["rows"] = 7 };
    }
}
