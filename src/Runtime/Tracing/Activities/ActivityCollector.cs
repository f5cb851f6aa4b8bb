using System.Diagnostics;
using NumAgents.Instrumentation.Internal;

namespace NumAgents.Instrumentation.Tracing;

/// <summary>
/// Collects other libraries' activities (Microsoft.Extensions.AI's <c>chat</c> and <c>execute_tool</c>,
/// <c>HttpClient</c>...) that run inside our traces, so the monitor's own trace shows them nested without
/// any OpenTelemetry SDK. One pair of listeners for the process, shared by every tracer that collects.
/// </summary>
/// <remarks>
/// <para>
/// The foreign listener samples an activity in only when its parent is one of our running spans (or an
/// activity collected under one) of a tracer that collects that source; for every other activity it
/// answers <see cref="ActivitySamplingResult.None"/>, so it never causes an activity to exist outside our
/// traces. Sources that match no tracer's list are never listened to.
/// </para>
/// <para>
/// For an activity of another library to become a child of our span, our span must be
/// <see cref="Activity.Current"/> when it starts, that is, an activity itself. So once a collected source
/// exists in the process (<see cref="CollectedSourceSeen"/>), the spans of tracers that collect are
/// activities (see <see cref="ActivityPublisher"/>). In a process where no collected source exists (a
/// console agent without an LLM client or HttpClient), spans stay small.
/// </para>
/// </remarks>
internal static class ActivityCollector
{
    private static readonly Lock _gate = new();
    private static WeakReference<Tracer>[] _tracers = [];
    private static ActivityListener? _foreignListener;
    private static volatile bool _collectedSourceSeen;

    /// <summary>Whether a source that some registered tracer collects has been created in the process.</summary>
    public static bool CollectedSourceSeen => _collectedSourceSeen;

    /// <summary>Registers a tracer that collects activities of the sources its options name.</summary>
    public static void Register(Tracer tracer)
    {
        lock (_gate)
        {
            var live = new List<WeakReference<Tracer>>(_tracers.Length + 1);
            foreach (var reference in _tracers)
            {
                if (reference.TryGetTarget(out _)) live.Add(reference);
            }

            live.Add(new WeakReference<Tracer>(tracer));
            _tracers = [.. live];

            // A new list of source names: listeners decide what to listen to when they are added, so the
            // foreign listener is replaced to see the new names.
            _foreignListener?.Dispose();
            _foreignListener = new ActivityListener
            {
                ShouldListenTo = ShouldListenTo,
                Sample = Sample,
                ActivityStarted = OnStarted,
                ActivityStopped = OnStopped,
            };
            ActivitySource.AddActivityListener(_foreignListener);
        }
    }

    private static bool ShouldListenTo(ActivitySource source)
    {
        if (ReferenceEquals(source, ActivityPublisher.Source)) return false;
        foreach (var reference in Volatile.Read(ref _tracers))
        {
            if (reference.TryGetTarget(out var tracer) && tracer.Collects(source.Name))
            {
                _collectedSourceSeen = true;
                return true;
            }
        }

        return false;
    }

    private static ActivitySamplingResult Sample(ref ActivityCreationOptions<ActivityContext> options)
    {
        try
        {
            var parent = options.Parent;
            if (parent.TraceId == default || parent.SpanId == default) return ActivitySamplingResult.None;
            var span = ActiveSpans.Find(ActivityIds.Read(parent.SpanId));
            return span is { IsRecording: true } && span.Tracer.Collects(options.Source.Name) ? ActivitySamplingResult.AllDataAndRecorded : ActivitySamplingResult.None;
        }
        catch (Exception exception)
        {
            InstrumentationEventSource.Log.InstrumentationFailed("tracing.collector", exception);
            return ActivitySamplingResult.None;
        }
    }

    private static void OnStarted(Activity activity)
    {
        try
        {
            if (!activity.Recorded || activity.ParentSpanId == default) return;
            if (ActiveSpans.Find(ActivityIds.Read(activity.ParentSpanId)) is not { IsRecording: true } parent) return;
            var tracer = parent.Tracer;
            if (!tracer.Collects(activity.Source.Name) || !tracer.TryReserveCollected()) return;
            var span = ActivitySpan.Collected(tracer, activity);
            if (!ActiveSpans.TryAdd(span)) tracer.ReleaseCollected();
        }
        catch (Exception exception)
        {
            InstrumentationEventSource.Log.InstrumentationFailed("tracing.collector", exception);
        }
    }

    private static void OnStopped(Activity activity)
    {
        try
        {
            if (ActiveSpans.Find(ActivityIds.Read(activity.SpanId)) is not ActivitySpan { IsForeign: true } span || !ReferenceEquals(span.Activity, activity)) return;
            span.Tracer.ReleaseCollected();
            span.CompleteCollected();
        }
        catch (Exception exception)
        {
            InstrumentationEventSource.Log.InstrumentationFailed("tracing.collector", exception);
        }
    }
}
