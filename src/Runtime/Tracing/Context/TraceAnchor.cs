using System.Diagnostics;

namespace NumAgents.Instrumentation.Tracing;

/// <summary>
/// A trace started by <see cref="Tracer.StartTrace"/> before any of its spans: current on its async flow,
/// so the next spans are roots of that trace and injected headers already carry it. Not a span: it has no
/// duration and is never exported, but its name tags its root spans (<c>trace.name</c>).
/// </summary>
internal sealed class TraceAnchor(Tracer tracer, string name, ulong traceIdHigh, ulong traceIdLow, ulong spanId, bool sampled, Activity? outerActivity) : IAmbientEntry
{
    public Tracer Tracer { get; } = tracer;

    public string Name { get; } = name;

    public ulong TraceIdHigh { get; } = traceIdHigh;

    public ulong TraceIdLow { get; } = traceIdLow;

    /// <summary>An id for headers injected before the first span exists (a parent that is never exported).</summary>
    public ulong SpanId { get; } = spanId;

    public bool IsSampled { get; } = sampled;

    public Activity? OuterActivity { get; } = outerActivity;

    public SpanContext Context => new(TraceIdHigh, TraceIdLow, SpanId, IsSampled, null, isRemote: false);

    public string TraceId => TraceIds.FormatTraceId(TraceIdHigh, TraceIdLow);
}
