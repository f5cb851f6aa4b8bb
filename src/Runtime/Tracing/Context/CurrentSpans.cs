using System.Diagnostics;

namespace NumAgents.Instrumentation.Tracing;

/// <summary>
/// Answers "what is current on this async flow" for the whole process: the innermost of
/// <see cref="AmbientSpans"/> and <see cref="Activity.Current"/>, mapped back to our span objects (our own
/// spans, and the activities a tracer collected) through <see cref="ActiveSpans"/>.
/// </summary>
internal static class CurrentSpans
{
    /// <summary>The current span of ours (own or collected), or <see langword="null"/>.</summary>
    public static Span? Find()
    {
        var entry = AmbientSpans.Entry;
        var activity = Activity.Current;
        if (AmbientSpans.IsInnermost(entry, activity)) return entry as Span;
        return FindSpanOf(activity!);
    }

    /// <summary>The innermost span of ours that records, or <see langword="null"/> (the exception tracker's question).</summary>
    public static Span? FindRecording()
    {
        var entry = AmbientSpans.Entry;
        var activity = Activity.Current;
        if (AmbientSpans.IsInnermost(entry, activity)) return entry as RecordedSpan;
        return FindSpanOf(activity!);
    }

    /// <summary>Our span (own or collected) for an activity, or <see langword="null"/>.</summary>
    public static Span? FindSpanOf(Activity activity)
        => activity.IdFormat == ActivityIdFormat.W3C && ActiveSpans.Find(ActivityIds.Read(activity.SpanId)) is ActivitySpan span && ReferenceEquals(span.Activity, activity) ? span : null;

    /// <summary>The context children and injected headers continue (any library's activity counts).</summary>
    public static SpanContext Context()
    {
        var entry = AmbientSpans.Entry;
        var activity = Activity.Current;
        if (!AmbientSpans.IsInnermost(entry, activity)) return activity!.IdFormat == ActivityIdFormat.W3C ? ActivityIds.FromActivity(activity) : default;
        return entry switch
        {
            Span span => span.Context,
            TraceAnchor anchor => anchor.Context,
            _ => default,
        };
    }

    /// <summary>
    /// The ids of what is current, for correlating logs: the innermost span (ours, even sampled out, or any
    /// library's activity), or the trace of <see cref="Tracer.StartTrace"/> before its first span (no span
    /// id). <paramref name="current"/> is that span, activity or trace (the same object while it stays
    /// current); <paramref name="serviceName"/> is the owning tracer's, when the span is ours.
    /// </summary>
    public static bool TryGetCorrelation(out object current, out string traceId, out string? spanId, out string? serviceName)
    {
        var entry = AmbientSpans.Entry;
        var activity = Activity.Current;
        if (AmbientSpans.IsInnermost(entry, activity))
        {
            switch (entry)
            {
                case Span span:
                    (current, traceId, spanId, serviceName) = (span, span.TraceId, span.SpanId, span.Tracer.ServiceName);
                    return true;
                case TraceAnchor anchor:
                    (current, traceId, spanId, serviceName) = (anchor, anchor.TraceId, null, anchor.Tracer.ServiceName);
                    return true;
            }
        }
        else if (activity!.IdFormat == ActivityIdFormat.W3C)
        {
            current = activity;
            traceId = activity.TraceId.ToHexString();
            spanId = activity.SpanId.ToHexString();
            serviceName = FindSpanOf(activity)?.Tracer.ServiceName;
            return true;
        }

        (current, traceId, spanId, serviceName) = (string.Empty, string.Empty, null, null);
        return false;
    }
}
