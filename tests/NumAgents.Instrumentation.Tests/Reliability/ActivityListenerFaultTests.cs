using System.Diagnostics;

namespace NumAgents.Instrumentation.Tests.Reliability;

/// <summary>
/// An <see cref="ActivityListener"/> is user code the tracer calls on every published span; one that
/// throws must not reach the application. The listener here only samples spans carrying this test's
/// marker, so other tests see no failure; it still runs alone because it is offered their spans.
/// </summary>
[Collection(GlobalActivityListenerCollection.Name)]
public sealed class ActivityListenerFaultTests
{
    public enum FailAt
    {
        Sample,
        Started,
        Stopped,
    }

    [Theory]
    [InlineData(FailAt.Sample)]
    [InlineData(FailAt.Started)]
    [InlineData(FailAt.Stopped)]
    public void A_listener_that_throws_never_reaches_the_caller_and_is_counted_and_reported(FailAt failAt)
    {
        var marker = Guid.NewGuid().ToString("N");
        using var events = new InstrumentationEventRecorder();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == Tracer.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> options) =>
            {
                if (!options.Name.Contains(marker, StringComparison.Ordinal)) return ActivitySamplingResult.None;
                return failAt == FailAt.Sample ? throw new InvalidOperationException(marker) : ActivitySamplingResult.AllDataAndRecorded;
            },
            ActivityStarted = activity =>
            {
                if (failAt == FailAt.Started && activity.OperationName.Contains(marker, StringComparison.Ordinal)) throw new InvalidOperationException(marker);
            },
            ActivityStopped = activity =>
            {
                if (failAt == FailAt.Stopped && activity.OperationName.Contains(marker, StringComparison.Ordinal)) throw new InvalidOperationException(marker);
            },
        };
        ActivitySource.AddActivityListener(listener);
        using var monitor = new AgentMonitor();
        var before = Activity.Current;

        string parentId;
        using (var parent = monitor.Tracer.Span("parent-" + marker))
        {
            parentId = parent.SpanId;
            parent.SetAttribute("step", 1L);
            using (monitor.Tracer.Span("child-" + marker))
            {
            }
        }

        var spans = monitor.Tracer.GetAllSpans();
        Assert.Equal(2, spans.Count);
        Assert.All(spans, s => Assert.Equal(SpanStatus.Ok, s.Status));
        Assert.Equal(parentId, spans.Single(s => s.Name.StartsWith("child-", StringComparison.Ordinal)).ParentSpanId);
        Assert.Null(monitor.Tracer.CurrentSpan);
        Assert.Same(before, Activity.Current);

        Assert.Equal(2, monitor.GetStatistics().InstrumentationErrors);
        var reported = events.EventsContaining(marker);
        Assert.Equal(2, reported.Count);
        Assert.All(reported, e => Assert.Equal("InstrumentationFailed", e.EventName));
        Assert.All(reported, e => Assert.StartsWith("tracing.activity", e.Payload, StringComparison.Ordinal));
    }
}
