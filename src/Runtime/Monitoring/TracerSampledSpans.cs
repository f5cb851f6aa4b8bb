using NumAgents.Instrumentation.Metrics.Exemplars;

namespace NumAgents.Instrumentation;

/// <summary>
/// Connects a monitor's metrics to its tracer for exemplars: the current span of the recording's async
/// flow, when the tracer samples it. Metrics know no tracer; this adapter is the one place the two meet.
/// </summary>
internal sealed class TracerSampledSpans(Tracer tracer) : SampledSpanSource
{
    public override bool TryGetSampledSpan(out ulong traceIdHigh, out ulong traceIdLow, out ulong spanId)
    {
        // An unsampled span (or a sampled-out trace) is never exported, so an exemplar pointing at it would
        // lead nowhere.
        if (tracer.CurrentSpan is { IsRecording: true, IsSampled: true } span)
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
