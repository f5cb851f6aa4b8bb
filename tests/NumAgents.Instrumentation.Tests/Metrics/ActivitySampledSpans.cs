using System.Diagnostics;
using NumAgents.Instrumentation.Metrics.Exemplars;

namespace NumAgents.Instrumentation.Tests.Metrics;

/// <summary>
/// The exemplar seam over <see cref="Activity.Current"/>, as an application traced with OpenTelemetry would
/// connect it: a recorded activity is a sampled span.
/// </summary>
internal sealed class ActivitySampledSpans : SampledSpanSource
{
    public override bool TryGetSampledSpan(out ulong traceIdHigh, out ulong traceIdLow, out ulong spanId)
    {
        if (Activity.Current is { Recorded: true } activity)
        {
            Span<byte> trace = stackalloc byte[16];
            Span<byte> span = stackalloc byte[8];
            activity.TraceId.CopyTo(trace);
            activity.SpanId.CopyTo(span);
            traceIdHigh = System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(trace);
            traceIdLow = System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(trace[8..]);
            spanId = System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(span);
            return true;
        }

        traceIdHigh = traceIdLow = spanId = 0;
        return false;
    }
}
