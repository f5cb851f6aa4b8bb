using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using NumAgents.Core;
using NumAgents.Instrumentation.Hosting.Tests.App;
using NumAgents.Instrumentation.Hosting.Tests.Infrastructure;
using OpenTelemetry.Trace;

namespace NumAgents.Instrumentation.Hosting.Tests;

/// <summary>
/// The production setup: ASP.NET Core with the OpenTelemetry SDK exporting the request, our spans and
/// HttpClient calls (issue 11). One request is one trace; our spans are the SDK's activities (each
/// exported once, with our ids); after one of our spans ends, <see cref="Activity.Current"/> is what it
/// was, so the HTTP call that follows a traced helper stays in the request's trace.
/// </summary>
[Collection(ProcessWideSdkCollection.Name)]
public sealed class OpenTelemetrySdkTests
{
    [Fact]
    public async Task One_request_is_one_trace_request_then_flow_then_node_then_the_http_call_after_a_traced_helper()
    {
        var exported = new List<Activity>();
        await using var downstream = await LoopbackApp.StartAsync(_ => { }, web => web.MapGet("/ok", () => "ok"));
        await using var app = await LoopbackApp.StartAsync(
            builder =>
            {
                builder.Services.AddNumAgentsMonitoring(options => options.ServiceName = "otel_web");
                builder.Services.AddOpenTelemetry().WithTracing(tracing => tracing
                    .AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation()
                    .AddNumAgentsInstrumentation()
                    .AddInMemoryExporter(exported));
                builder.Services.AddHttpClient();
            },
            web => web.MapGet("/run", async (IHttpClientFactory clients) =>
            {
                var client = clients.CreateClient();
                await new Flow([new HostedGreetNode()], name: "sdk").ExecuteAsync(new SharedStore([new("name", "x")]));
                HostedTools.Lookup("search", "query");

                // The activity the request started must still be current: the call joins the request's trace.
                return await HostedTools.FetchAsync(client, new Uri(downstream.Address, "/ok"));
            }));

        Assert.Equal("OK", await app.Client.GetStringAsync("/run"));
        var monitor = app.Services.GetRequiredService<AgentMonitor>();
        await WaitUntil(() => Snapshot(exported).Any(IsRunRequest));

        var request = Snapshot(exported).Single(IsRunRequest);
        var activities = Snapshot(exported).Where(a => a.TraceId == request.TraceId && a.SpanId != request.SpanId && a.Kind != ActivityKind.Server).ToList();
        var flow = activities.Single(a => a.DisplayName == "flow.sdk");
        var node = activities.Single(a => a.DisplayName == "node." + nameof(HostedGreetNode));
        var lookup = activities.Single(a => a.DisplayName == "HostedTools.Lookup");
        var fetch = activities.Single(a => a.DisplayName == "HostedTools.FetchAsync");
        var call = activities.Single(a => a.Kind == ActivityKind.Client && a.ParentSpanId == fetch.SpanId);

        // The test's own call is the root: the request continued its traceparent.
        var caller = activities.Single(a => a.Kind == ActivityKind.Client && a.ParentSpanId == default);
        Assert.Equal(caller.SpanId, request.ParentSpanId);
        Assert.Equal(6, activities.Count); // flow, node, lookup, fetch and its call, and the caller
        Assert.Equal(request.SpanId, flow.ParentSpanId);
        Assert.Equal(flow.SpanId, node.ParentSpanId);
        Assert.Equal(request.SpanId, lookup.ParentSpanId);
        Assert.Equal(request.SpanId, fetch.ParentSpanId);
        Assert.Equal(fetch.SpanId, call.ParentSpanId);

        // Exported once each, as the very spans the monitor holds.
        Assert.Equal(activities.Count, activities.Select(a => a.SpanId).Distinct().Count());
        var ours = monitor.Tracer.GetTraceSpans(request.TraceId.ToHexString());
        Assert.Equal(flow.SpanId.ToHexString(), ours.Single(s => s.Name == "flow.sdk").SpanId);
        Assert.Equal(ActivityStatusCode.Ok, flow.Status);
        Assert.Equal("sdk", flow.GetTagItem("flow"));
        Assert.Contains(ours, s => s.Name == "GET" || s.Name.StartsWith("GET", StringComparison.Ordinal)); // the HttpClient call, collected
    }

    private static bool IsRunRequest(Activity activity) => activity.Kind == ActivityKind.Server && activity.GetTagItem("url.path") as string == "/run";

    private static List<Activity> Snapshot(List<Activity> exported)
    {
        lock (exported) return [.. exported];
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("The exporter did not receive the request's spans.");
            await Task.Delay(20);
        }
    }
}
