using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using NumAgents.Core;
using NumAgents.Instrumentation.Hosting.Tests.App;
using NumAgents.Instrumentation.Hosting.Tests.Infrastructure;

namespace NumAgents.Instrumentation.Hosting.Tests;

/// <summary>
/// Sampling that follows the standards, on a real Kestrel server with no OpenTelemetry SDK (issue 11):
/// the request's activity exists but nobody sampled it, which is no decision; an incoming
/// <c>traceparent</c> is one.
/// </summary>
public sealed class KestrelSamplingTests
{
    [Fact]
    public async Task Without_a_header_a_plain_web_app_records_its_flows()
    {
        await using var app = await StartAsync();
        var traceId = await app.Client.GetStringAsync("/run");
        var monitor = app.Services.GetRequiredService<AgentMonitor>();
        Assert.Matches("^[0-9a-f]{32}$", traceId);
        Assert.Equal(2, monitor.Tracer.GetTraceSpans(traceId).Count); // flow > node
        Assert.Equal(0, monitor.GetStatistics().SampledOutTraces);
    }

    [Fact]
    public async Task A_sampled_traceparent_is_continued()
    {
        await using var app = await StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/run");
        request.Headers.Add("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
        using var response = await app.Client.SendAsync(request);
        var traceId = await response.Content.ReadAsStringAsync();
        Assert.Equal("4bf92f3577b34da6a3ce929d0e0e4736", traceId);
        var monitor = app.Services.GetRequiredService<AgentMonitor>();
        var spans = monitor.Tracer.GetTraceSpans(traceId);
        Assert.Equal(2, spans.Count);
        Assert.All(spans, s => Assert.Equal(traceId, s.TraceId));
    }

    [Fact]
    public async Task A_traceparent_that_says_not_sampled_is_followed_and_counted()
    {
        await using var app = await StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/run");
        request.Headers.Add("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00");
        using var response = await app.Client.SendAsync(request);
        Assert.Equal("none", await response.Content.ReadAsStringAsync());
        var statistics = app.Services.GetRequiredService<AgentMonitor>().GetStatistics();
        Assert.Equal(0, statistics.SpansCount);
        Assert.Equal(1, statistics.SampledOutTraces);
    }

    private static Task<LoopbackApp> StartAsync() => LoopbackApp.StartAsync(
        builder => builder.Services.AddNumAgentsMonitoring(options => options.ServiceName = "sampling"),
        web => web.MapGet("/run", async () =>
        {
            var result = await new Flow([new HostedGreetNode()], name: "sampled").ExecuteAsync(new SharedStore([new("name", "x")]));
            return result.Execution.TraceId ?? "none";
        }));
}
