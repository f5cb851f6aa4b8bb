using System.Text.RegularExpressions;
using NumAgents.Core;
using NumAgents.Instrumentation.Hosting.Tests.App;

namespace NumAgents.Instrumentation.Hosting.Tests;

/// <summary>
/// Exemplars lead to the execution that recorded them (issue 15): a generated async method's failure
/// counts carry that method's span, although its caller's span is current by the time it fails; a flow's
/// run metrics carry the flow's span.
/// </summary>
public sealed partial class ExemplarLinkTests
{
    [Fact]
    public async Task A_failed_async_call_links_its_failure_count_to_its_own_span()
    {
        using var monitor = new AgentMonitor(new MonitorOptions { ServiceName = "exemplars", EnableLogging = false });
        using var scope = AgentMonitor.Use(monitor);

        string callerSpanId;
        using (var caller = monitor.Tracer.Span("node.caller"))
        {
            callerSpanId = caller.SpanId;
            await Assert.ThrowsAsync<TimeoutException>(() => FlakyTools.CallAsync("status"));
        }

        var call = Assert.Single(monitor.Tracer.GetAllSpans(), s => s.Name == "FlakyTools.CallAsync");
        Assert.Equal(callerSpanId, call.ParentSpanId);
        var exemplar = ExemplarOf(OpenMetrics(monitor), "flaky_calls_total", "outcome=\"failure\"");
        Assert.Equal(call.SpanId, exemplar.SpanId);
        Assert.Equal(call.TraceId, exemplar.TraceId);
    }

    [Fact]
    public async Task A_flow_run_links_its_duration_to_the_flow_span()
    {
        using var monitor = new AgentMonitor(new MonitorOptions { ServiceName = "exemplars", EnableLogging = false });
        var result = await new Flow([new HostedGreetNode()], name: "greet") { Monitor = monitor }.ExecuteAsync([new("name", "ada")]);

        var flow = Assert.Single(monitor.Tracer.GetAllSpans(), s => s.Name == "flow.greet");
        Assert.Equal(result.Execution.TraceId, flow.TraceId);
        var exemplar = ExemplarOf(OpenMetrics(monitor), "flows_executed_total", "flow=\"greet\"");
        Assert.Equal(flow.SpanId, exemplar.SpanId);
    }

    private static string OpenMetrics(AgentMonitor monitor) => monitor.Metrics.ExportPrometheus(new PrometheusExportOptions { Format = PrometheusFormat.OpenMetrics });

    private static (string TraceId, string SpanId) ExemplarOf(string exposition, string metric, string labelPart)
    {
        var line = exposition.Split('\n').FirstOrDefault(l => l.StartsWith(metric + "{", StringComparison.Ordinal) && l.Contains(labelPart, StringComparison.Ordinal) && l.Contains(" # ", StringComparison.Ordinal));
        Assert.True(line is not null, $"no {metric} sample with {labelPart} and an exemplar in:\n{exposition}");
        var match = Exemplar().Match(line);
        Assert.True(match.Success, line);
        return (match.Groups["trace"].Value, match.Groups["span"].Value);
    }

    [GeneratedRegex("# \\{(?=[^}]*trace_id=\"(?<trace>[0-9a-f]{32})\")(?=[^}]*span_id=\"(?<span>[0-9a-f]{16})\")")]
    private static partial Regex Exemplar();
}
