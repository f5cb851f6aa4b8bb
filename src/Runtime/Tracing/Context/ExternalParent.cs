using System.Diagnostics;

namespace NumAgents.Instrumentation.Tracing;

/// <summary>
/// The parent of a span that is not one of our span objects: a span in another process (a
/// <c>traceparent</c> header), one named only by its ids (<see cref="Tracer.StartSpan"/>), or an activity
/// of another library. Holds what the child needs from it, and the entry that was current before the
/// child, which the child restores when it ends.
/// </summary>
internal sealed class ExternalParent(ulong traceIdHigh, ulong traceIdLow, ulong spanId, string? traceState, IAmbientEntry? previous, Activity? activity = null)
{
    /// <summary>The activity current when the child started (the parent itself, for an activity parent).</summary>
    public Activity? Activity { get; } = activity;

    public ulong TraceIdHigh { get; } = traceIdHigh;

    public ulong TraceIdLow { get; } = traceIdLow;

    public ulong SpanId { get; } = spanId;

    public string? TraceState { get; } = traceState;

    public IAmbientEntry? Previous { get; } = previous;

    public static ExternalParent From(in SpanContext context, IAmbientEntry? previous, Activity? activity)
        => new(context.TraceIdHigh, context.TraceIdLow, context.SpanIdValue, context.TraceState, previous, activity);
}
