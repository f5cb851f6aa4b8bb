using System.Diagnostics;
using Microsoft.Extensions.Logging;
using NumAgents.Instrumentation.Tests.Reliability;

namespace NumAgents.Instrumentation.Tests.Logging;

/// <summary>
/// While an SDK listens, a span is <see cref="Activity.Current"/> and OpenTelemetry's logging provider links
/// records through it: the monitor's records then carry no <c>trace_id</c>/<c>span_id</c> properties of their
/// own, which OTLP would export as duplicate attributes (issue 11).
/// </summary>
[Collection(GlobalActivityListenerCollection.Name)]
public sealed class ActivityLinkedLoggingTests
{
    [Fact]
    public void A_record_inside_a_published_span_leaves_the_ids_to_the_activity()
    {
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == Tracer.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(listener);
        var provider = new CapturingLoggerProvider();
        using var factory = LoggerFactory.Create(builder => builder.AddProvider(provider));
        using var monitor = new AgentMonitor(new MonitorOptions { ServiceName = "linked", LoggerFactory = factory, CollectedActivitySources = [] });

        string? activitySpanId;
        using (var span = monitor.Tracer.Span("tool.call"))
        {
            activitySpanId = Activity.Current?.SpanId.ToHexString();
            Assert.Equal(span.SpanId, activitySpanId);
            monitor.Log(LogLevel.Warning, "tool call timed out", new Dictionary<string, object?> { ["tool"] = "get_weather" });
        }

        var record = Assert.Single(provider.Records);
        Assert.False(record.Has("trace_id"));
        Assert.False(record.Has("span_id"));
        Assert.Equal("linked", record["service"]);
        Assert.Equal("get_weather", record["tool"]);
    }

    [Fact]
    public void Standard_error_lines_keep_the_ids_even_inside_a_published_span()
    {
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == Tracer.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(listener);
        var error = new StringWriter();
        var previous = Console.Error;
        Console.SetError(error);
        try
        {
            using var monitor = new AgentMonitor(new MonitorOptions { ServiceName = "linked", CollectedActivitySources = [] });
            using var span = monitor.Tracer.Span("tool.call");
            monitor.Log(LogLevel.Warning, "tool call timed out");
            Assert.Contains($"\"span_id\":\"{span.SpanId}\"", error.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            Console.SetError(previous);
        }
    }
}
