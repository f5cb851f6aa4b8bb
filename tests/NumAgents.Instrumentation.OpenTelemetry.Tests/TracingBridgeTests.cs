using System.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace NumAgents.Instrumentation.OpenTelemetry.Tests;

/// <summary>The OpenTelemetry SDK with its in-memory exporter receives our spans with the same ids, parents, attributes, events and status.</summary>
[Collection("activity listeners")]
public sealed class TracingBridgeTests
{
    [Fact]
    public void Spans_reach_the_OpenTelemetry_SDK_with_the_same_ids_and_shape()
    {
        var exported = new List<Activity>();
        using var provider = Sdk.CreateTracerProviderBuilder()
            .AddNumAgentsInstrumentation()
            .AddInMemoryExporter(exported)
            .Build();
        using var monitor = new AgentMonitor("otel-traces");
        var tracer = monitor.Tracer;

        Span parent;
        Span child;
        using (parent = tracer.Span("handle_request"))
        {
            parent.SetAttribute("path", "/api/users");
            parent.SetAttribute("retries", 2L);
            using (child = tracer.Span("query_database"))
            {
                child.AddEvent("cache_miss", new Dictionary<string, object?> { ["table"] = "users" });
                child.RecordException(new TimeoutException("db slow"));
            }
        }

        provider.ForceFlush();
        var parentActivity = Assert.Single(exported, a => a.DisplayName == "handle_request");
        var childActivity = Assert.Single(exported, a => a.DisplayName == "query_database");

        Assert.Equal(parent.TraceId, parentActivity.TraceId.ToHexString());
        Assert.Equal(parent.SpanId, parentActivity.SpanId.ToHexString());
        Assert.Equal(child.SpanId, childActivity.SpanId.ToHexString());
        Assert.Equal(parent.SpanId, childActivity.ParentSpanId.ToHexString());
        Assert.Equal(default, parentActivity.ParentSpanId);
        Assert.Equal("/api/users", parentActivity.GetTagItem("path"));
        Assert.Equal(2L, parentActivity.GetTagItem("retries"));
        Assert.Equal(ActivityStatusCode.Ok, parentActivity.Status);
        Assert.Equal(ActivityStatusCode.Error, childActivity.Status);
        Assert.Contains("db slow", childActivity.StatusDescription, StringComparison.Ordinal);
        Assert.Contains(childActivity.Events, e => e.Name == "cache_miss" && (string?)e.Tags.Single(t => t.Key == "table").Value == "users");
        Assert.Equal(parent.StartTime.UtcDateTime, parentActivity.StartTimeUtc);
        // An Activity keeps its start and end in 100 ns ticks, so the durations agree to within one tick.
        // (Rounding both to a number of decimals would fail whenever they straddle a rounding boundary.)
        Assert.Equal(parent.DurationMs!.Value, parentActivity.Duration.TotalMilliseconds, tolerance: TimeSpan.FromTicks(1).TotalMilliseconds);
    }

    [Fact]
    public void Links_added_while_a_span_runs_reach_the_OpenTelemetry_SDK()
    {
        var exported = new List<Activity>();
        using var provider = Sdk.CreateTracerProviderBuilder()
            .AddNumAgentsInstrumentation()
            .AddInMemoryExporter(exported)
            .Build();
        using var monitor = new AgentMonitor("otel-links");
        var upstream = SpanContext.Create("4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7", isSampled: true, traceState: "vendor=1", isRemote: true);

        Span batch;
        using (batch = monitor.Tracer.Span("process_batch"))
        {
            batch.AddLink(upstream, new Dictionary<string, object?> { ["message.index"] = 3L });
            batch.AddLink(upstream);
        }

        provider.ForceFlush();
        var activity = Assert.Single(exported, a => a.DisplayName == "process_batch");
        var links = activity.Links.ToList();
        Assert.Equal(2, links.Count);
        Assert.All(links, link =>
        {
            Assert.Equal("4bf92f3577b34da6a3ce929d0e0e4736", link.Context.TraceId.ToHexString());
            Assert.Equal("00f067aa0ba902b7", link.Context.SpanId.ToHexString());
            Assert.Equal(ActivityTraceFlags.Recorded, link.Context.TraceFlags);
            Assert.Equal("vendor=1", link.Context.TraceState);
        });
        Assert.Equal(3L, links[0].Tags!.Single(t => t.Key == "message.index").Value);
        Assert.Empty(links[1].Tags ?? []);
    }

    [Fact]
    public void An_incoming_activity_becomes_the_parent_of_our_spans()
    {
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "incoming.web",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(listener);
        using var web = new ActivitySource("incoming.web");
        using var monitor = new AgentMonitor("otel-incoming");

        using var request = web.StartActivity("GET /weather", ActivityKind.Server)!;
        Span node;
        using (node = monitor.Tracer.Span("node.plan"))
        {
        }

        Assert.Equal(request.TraceId.ToHexString(), node.TraceId);
        Assert.Equal(request.SpanId.ToHexString(), node.ParentSpanId);
    }

    [Fact]
    public void Without_a_listener_nothing_is_published()
    {
        using var monitor = new AgentMonitor("otel-quiet");
        Activity? seen = null;
        using (monitor.Tracer.Span("alone"))
        {
            seen = Activity.Current;
        }

        Assert.Null(seen);
    }
}
