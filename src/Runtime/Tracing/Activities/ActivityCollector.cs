using System.Collections.Concurrent;
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
/// <see cref="Activity.Current"/> when it starts, that is, an activity itself. So once a source that a
/// tracer collects exists in the process (<see cref="CollectedSources.SourceSeen"/>), that tracer's spans
/// are activities (see <see cref="ActivityPublisher"/>). In a process where none exists (a console agent
/// without an LLM client or HttpClient), spans stay small.
/// </para>
/// </remarks>
internal static class ActivityCollector
{
    private static readonly Lock _gate = new();
    private static readonly List<string> _listenedPatterns = [];

    // Names of the sources our listeners listen to; concurrent, because sources are created on any thread
    // while a listener is being added under the gate.
    private static readonly ConcurrentDictionary<string, bool> _listenedSources = new(StringComparer.Ordinal);
    private static WeakReference<Tracer>[] _tracers = [];

    /// <summary>
    /// Registers a tracer that collects activities of the sources its options name. Listeners decide what
    /// to listen to when they are added, so names no listener covers yet get a listener of their own; a
    /// listener is never replaced, so no activity starting meanwhile is missed.
    /// </summary>
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
            Volatile.Write(ref _tracers, [.. live]);

            var uncovered = tracer.Collection.Patterns.Where(pattern => !_listenedPatterns.Contains(pattern)).ToArray();
            if (uncovered.Length == 0)
            {
                // Every source it collects is listened to already: does one of them exist?
                tracer.Collection.SourceSeen = _listenedSources.Keys.Any(tracer.Collection.Contains);
                return;
            }

            _listenedPatterns.AddRange(uncovered);
            ActivitySource.AddActivityListener(new ActivityListener
            {
                ShouldListenTo = source => ShouldListenTo(source, uncovered),
                Sample = Sample,
                ActivityStarted = OnStarted,
                ActivityStopped = OnStopped,
            });
        }
    }

    private static bool ShouldListenTo(ActivitySource source, string[] patterns)
    {
        if (ReferenceEquals(source, ActivityPublisher.Source) || !CollectedSources.Matches(patterns, source.Name)) return false;
        _listenedSources.TryAdd(source.Name, true);
        foreach (var reference in Volatile.Read(ref _tracers))
        {
            if (reference.TryGetTarget(out var tracer) && tracer.Collection.Contains(source.Name)) tracer.Collection.SourceSeen = true;
        }

        return true;
    }

    private static ActivitySamplingResult Sample(ref ActivityCreationOptions<ActivityContext> options)
    {
        try
        {
            var parent = options.Parent;
            if (parent.TraceId == default || parent.SpanId == default) return ActivitySamplingResult.None;
            var span = ActiveSpans.Find(ActivityIds.Read(parent.SpanId));
            return span is { IsRecording: true } && span.Tracer.Collection.Contains(options.Source.Name) ? ActivitySamplingResult.AllDataAndRecorded : ActivitySamplingResult.None;
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

            // Two of our listeners may both listen to a source that two patterns match: collect once.
            if (!tracer.Collection.Contains(activity.Source.Name) || ActiveSpans.Find(ActivityIds.Read(activity.SpanId)) is not null || !tracer.Collection.TryReserve()) return;
            var span = ActivitySpan.Collected(tracer, activity);
            if (!ActiveSpans.TryAdd(span)) tracer.Collection.Release();
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
            span.Tracer.Collection.Release();
            span.CompleteCollected(span.Tracer.UsageObserver);
        }
        catch (Exception exception)
        {
            InstrumentationEventSource.Log.InstrumentationFailed("tracing.collector", exception);
        }
    }
}
