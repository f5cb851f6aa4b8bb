using NumAgents.Instrumentation.Metrics.Exemplars;

namespace NumAgents.Instrumentation;

/// <summary>
/// Connects a monitor's metrics to its tracer for exemplars: the current span of the recording's async
/// flow, when the tracer samples it. Metrics know no tracer; this adapter is the one place the two meet.
/// </summary>
internal sealed class TracerSampledSpans(Tracer tracer) : SampledSpanSource
{
    /// <summary>
    /// The span whose execution is being recorded on this thread, when it is no longer the current span
    /// (an async method's span ends after its caller moved on): its metrics' exemplars point at it.
    /// </summary>
    [ThreadStatic]
    private static Span? _recording;

    /// <summary>Makes <paramref name="span"/> the exemplar of the metrics recorded on this thread until the scope is disposed.</summary>
    public static RecordingScope Recording(Span? span)
    {
        var previous = _recording;
        _recording = span;
        return new RecordingScope(previous);
    }

    internal static void Restore(Span? previous) => _recording = previous;

    public override bool TryGetSampledSpan(out ulong traceIdHigh, out ulong traceIdLow, out ulong spanId)
    {
        // An unsampled span (or a sampled-out trace) is never exported, so an exemplar pointing at it would
        // lead nowhere.
        if ((_recording ?? tracer.CurrentSpan) is { IsRecording: true, IsSampled: true } span)
        {
            traceIdHigh = span.TraceIdHigh;
            traceIdLow = span.TraceIdLow;
            spanId = span.SpanIdValue;
            return true;
        }

        traceIdHigh = traceIdLow = spanId = 0;
        return false;
    }
}

/// <summary>Restores the span <see cref="TracerSampledSpans.Recording"/> replaced.</summary>
internal readonly struct RecordingScope(Span? previous) : IDisposable
{
    public void Dispose() => TracerSampledSpans.Restore(previous);
}
