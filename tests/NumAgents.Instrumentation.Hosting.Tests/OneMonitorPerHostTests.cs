using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NumAgents.Core;
using NumAgents.Instrumentation.AspNetCore;
using NumAgents.Instrumentation.Hosting.Tests.App;
using NumAgents.Instrumentation.Hosting.Tests.Infrastructure;

namespace NumAgents.Instrumentation.Hosting.Tests;

/// <summary>
/// The monitor that <c>AddNumAgentsMonitoring</c> registers is the one generated code, flows and metrics
/// use everywhere in that host, with no user code (issue 11): requests on a real Kestrel server, hosted
/// services, two hosts in one process.
/// </summary>
public sealed class OneMonitorPerHostTests
{
    [Fact]
    public async Task Requests_record_generated_nodes_flows_and_methods_into_the_host_monitor_served_at_metrics()
    {
        await using var app = await LoopbackApp.StartAsync(
            builder => builder.Services.AddNumAgentsMonitoring(Configuration(("ServiceName", "web_one"))),
            web =>
            {
                web.MapPrometheusMetrics("/metrics");
                web.MapGet("/run", (string name) => RunFlowAndTool(name));
            });

        Assert.Equal("web_one", await app.Client.GetStringAsync("/run?name=ada"));
        var monitor = app.Services.GetRequiredService<AgentMonitor>();
        Assert.Equal(1, monitor.Metrics.GetCounterValue("nodes.executed", [("node", nameof(HostedGreetNode)), ("outcome", "success")]));
        Assert.Equal(1, monitor.Metrics.GetCounterValue("flows.executed", [("flow", "greet"), ("outcome", "success")]));
        Assert.Equal(1, monitor.Metrics.GetCounterValue("hosted.tool.calls", [("class", nameof(HostedTools)), ("method", nameof(HostedTools.Lookup)), ("tool", "search"), ("outcome", "success")]));
        var scrape = await app.Client.GetStringAsync("/metrics");
        Assert.Contains("HostedGreetNode", scrape, StringComparison.Ordinal);
        Assert.Contains("hosted_tool_calls", scrape, StringComparison.Ordinal);

        // One trace for the run: flow > node, plus the tool's span in the request's trace.
        var spans = monitor.Tracer.GetAllSpans();
        var flow = spans.Single(s => s.Name == "flow.greet");
        var node = spans.Single(s => s.Name == "node." + nameof(HostedGreetNode));
        Assert.Equal(flow.SpanId, node.ParentSpanId);
        Assert.Equal(flow.TraceId, spans.Single(s => s.Name == "HostedTools.Lookup").TraceId);
        Assert.Equal(0, AgentMonitor.GetMonitor().Metrics.GetCounterValue("nodes.executed", [("node", nameof(HostedGreetNode)), ("outcome", "success")]));
    }

    [Fact]
    public async Task Two_hosts_in_one_process_never_record_into_each_other()
    {
        await using var first = await LoopbackApp.StartAsync(builder => builder.Services.AddNumAgentsMonitoring(Configuration(("ServiceName", "first"))), web => web.MapGet("/run", (string name) => RunFlowAndTool(name)));
        await using var second = await LoopbackApp.StartAsync(builder => builder.Services.AddNumAgentsMonitoring(Configuration(("ServiceName", "second"))), web => web.MapGet("/run", (string name) => RunFlowAndTool(name)));

        var calls = new List<Task<string>>();
        for (var i = 0; i < 5; i++)
        {
            calls.Add(first.Client.GetStringAsync("/run?name=a"));
            calls.Add(second.Client.GetStringAsync("/run?name=b"));
            calls.Add(second.Client.GetStringAsync("/run?name=c"));
        }

        var answers = await Task.WhenAll(calls);
        Assert.Equal(5, answers.Count(a => a == "first"));
        Assert.Equal(10, answers.Count(a => a == "second"));
        var firstMonitor = first.Services.GetRequiredService<AgentMonitor>();
        var secondMonitor = second.Services.GetRequiredService<AgentMonitor>();
        Assert.NotSame(firstMonitor, secondMonitor);
        Assert.Equal(5, firstMonitor.Metrics.GetCounterValue("flows.executed", [("flow", "greet"), ("outcome", "success")]));
        Assert.Equal(10, secondMonitor.Metrics.GetCounterValue("flows.executed", [("flow", "greet"), ("outcome", "success")]));
        Assert.Equal(10, secondMonitor.Metrics.GetCounterValue("nodes.executed", [("node", nameof(HostedGreetNode)), ("outcome", "success")]));
        Assert.All(firstMonitor.Tracer.GetAllSpans(), s => Assert.DoesNotContain(secondMonitor.Tracer.GetAllSpans(), o => o.SpanId == s.SpanId));
    }

    [Fact]
    public async Task Background_services_of_two_hosts_record_into_their_own_host_monitor()
    {
        // Registered before monitoring, as applications often do: the host's scope still comes first.
        using var first = BuildWorkerHost("worker_one");
        using var second = BuildWorkerHost("worker_two");
        await first.StartAsync();
        await second.StartAsync();
        foreach (var (host, name) in new[] { (first, "worker_one"), (second, "worker_two") })
        {
            var worker = host.Services.GetServices<IHostedService>().OfType<FlowWorker>().Single();
            Assert.Equal(name, await worker.Ran.Task.WaitAsync(TimeSpan.FromSeconds(30)));
            var monitor = host.Services.GetRequiredService<AgentMonitor>();
            Assert.Equal(1, monitor.Metrics.GetCounterValue("flows.executed", [("flow", "greet"), ("outcome", "success")]));
            Assert.Equal(1, monitor.Metrics.GetCounterValue("nodes.executed", [("node", nameof(HostedGreetNode)), ("outcome", "success")]));
        }

        await first.StopAsync();
        await second.StopAsync();

        static IHost BuildWorkerHost(string serviceName)
        {
            var builder = Host.CreateApplicationBuilder();
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            builder.Services.AddHostedService<FlowWorker>();
            builder.Services.AddNumAgentsMonitoring(Configuration(("ServiceName", serviceName)));
            return builder.Build();
        }
    }

    [Fact]
    public async Task Configuration_sets_every_option_a_host_tunes()
    {
        var services = new ServiceCollection();
        services.AddNumAgentsMonitoring(Configuration(
            ("ServiceName", "configured"),
            ("SamplingRatio", "0.25"),
            ("MinimumLogLevel", "Warning"),
            ("AttributeValueLengthLimit", "100"),
            ("MaxCollectedActivitiesInFlight", "7"),
            ("CollectedActivitySources:0", "Only.This"),
            ("MaxRetainedSpans", "50"),
            ("IdSeed", "9")));
        await using var provider = services.BuildServiceProvider();
        var options = provider.GetRequiredService<AgentMonitor>().Options;
        Assert.Equal("configured", options.ServiceName);
        Assert.Equal(0.25, options.SamplingRatio);
        Assert.Equal(LogLevel.Warning, options.MinimumLogLevel);
        Assert.Equal(100, options.AttributeValueLengthLimit);
        Assert.Equal(7, options.MaxCollectedActivitiesInFlight);
        Assert.Equal(["Only.This"], options.CollectedActivitySources);
        Assert.Equal(50, options.MaxRetainedSpans);
        Assert.Equal(9, options.IdSeed);

        var invalid = new ServiceCollection().AddNumAgentsMonitoring(Configuration(("SamplingRatio", "often"))).BuildServiceProvider();
        var error = Assert.Throws<InvalidOperationException>(() => invalid.GetRequiredService<AgentMonitor>());
        Assert.Contains("SamplingRatio", error.Message, StringComparison.Ordinal);
    }

    private static async Task<string> RunFlowAndTool(string name)
    {
        var flow = new Flow([new HostedGreetNode()], name: "greet");
        await flow.ExecuteAsync(new SharedStore([new("name", name)]));
        HostedTools.Lookup("search", "weather");
        return AgentMonitor.Current.ServiceName;
    }

    private static IConfiguration Configuration(params (string Key, string Value)[] values)
        => new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>("NumAgents:Monitoring:" + v.Key, v.Value))).Build();

    /// <summary>A background service that runs one flow as soon as it starts.</summary>
    private sealed class FlowWorker : BackgroundService
    {
        public TaskCompletionSource<string> Ran { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            await Task.Yield();
            await new Flow([new HostedGreetNode()], name: "greet").ExecuteAsync(new SharedStore([new("name", "worker")]), stoppingToken);
            Ran.TrySetResult(AgentMonitor.Current.ServiceName);
        }
    }
}
