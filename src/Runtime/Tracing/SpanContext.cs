using NumAgents.Instrumentation.Tracing;

namespace NumAgents.Instrumentation;

/// <summary>
/// The part of a span that crosses process boundaries (W3C Trace Context): trace id, span id, the
/// sampled flag and the vendor <c>tracestate</c>. <see langword="default"/> is the invalid context.
/// </summary>
public readonly struct SpanContext : IEquatable<SpanContext>
{
    internal SpanContext(ulong traceIdHigh, ulong traceIdLow, ulong spanId, bool isSampled, string? traceState, bool isRemote)
    {
        TraceIdHigh = traceIdHigh;
        TraceIdLow = traceIdLow;
        SpanIdValue = spanId;
        IsSampled = isSampled;
        TraceState = traceState;
        IsRemote = isRemote;
    }

    /// <summary>The trace id: 32 lowercase hex digits (all zeros for the invalid context).</summary>
    public string TraceId => TraceIds.FormatTraceId(TraceIdHigh, TraceIdLow);

    /// <summary>The span id: 16 lowercase hex digits (all zeros for the invalid context).</summary>
    public string SpanId => TraceIds.FormatSpanId(SpanIdValue);

    /// <summary>Whether the trace is sampled (the W3C <c>sampled</c> trace flag).</summary>
    public bool IsSampled { get; }

    /// <summary>The W3C <c>tracestate</c> header value carried with the context, if any.</summary>
    public string? TraceState { get; }

    /// <summary>Whether the context was extracted from a carrier (it belongs to another process).</summary>
    public bool IsRemote { get; }

    /// <summary>Whether both ids are present and non-zero.</summary>
    public bool IsValid => (TraceIdHigh | TraceIdLow) != 0 && SpanIdValue != 0;

    internal ulong TraceIdHigh { get; }

    internal ulong TraceIdLow { get; }

    internal ulong SpanIdValue { get; }

    /// <summary>Creates a context from hex ids, for example to link to a span of another trace.</summary>
    /// <param name="traceId">32 hex digits, not all zero.</param>
    /// <param name="spanId">16 hex digits, not all zero.</param>
    /// <param name="isSampled">The sampled flag.</param>
    /// <param name="traceState">The W3C <c>tracestate</c> value, if any.</param>
    /// <param name="isRemote">Whether the context comes from another process.</param>
    /// <exception cref="ArgumentException">An id is malformed or all zeros.</exception>
    public static SpanContext Create(string traceId, string spanId, bool isSampled = true, string? traceState = null, bool isRemote = false)
    {
        TraceIds.ParseTraceIdArgument(traceId, nameof(traceId), out var high, out var low);
        var span = TraceIds.ParseSpanIdArgument(spanId, nameof(spanId));
        return new SpanContext(high, low, span, isSampled, traceState, isRemote);
    }

    /// <summary>The W3C <c>traceparent</c> header value: <c>00-{trace-id}-{parent-id}-{flags}</c>.</summary>
    /// <exception cref="InvalidOperationException">The context is not valid.</exception>
    public string ToTraceParent()
    {
        if (!IsValid) throw new InvalidOperationException("An invalid span context has no traceparent.");
        return string.Create(55, this, static (destination, context) =>
        {
            destination[0] = '0';
            destination[1] = '0';
            destination[2] = '-';
            TraceIds.WriteHex(destination[3..], context.TraceIdHigh);
            TraceIds.WriteHex(destination[19..], context.TraceIdLow);
            destination[35] = '-';
            TraceIds.WriteHex(destination[36..], context.SpanIdValue);
            destination[52] = '-';
            destination[53] = '0';
            destination[54] = context.IsSampled ? '1' : '0';
        });
    }

    /// <inheritdoc/>
    public bool Equals(SpanContext other) => TraceIdHigh == other.TraceIdHigh && TraceIdLow == other.TraceIdLow && SpanIdValue == other.SpanIdValue
        && IsSampled == other.IsSampled && IsRemote == other.IsRemote && string.Equals(TraceState, other.TraceState, StringComparison.Ordinal);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is SpanContext other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(TraceIdHigh, TraceIdLow, SpanIdValue, IsSampled, IsRemote, TraceState);

    /// <summary>The context as a <c>traceparent</c> value, or <c>invalid</c>.</summary>
    public override string ToString() => IsValid ? ToTraceParent() : "invalid";

    /// <summary>Compares two contexts.</summary>
    /// <param name="left">A context.</param>
    /// <param name="right">Another context.</param>
    public static bool operator ==(SpanContext left, SpanContext right) => left.Equals(right);

    /// <summary>Compares two contexts.</summary>
    /// <param name="left">A context.</param>
    /// <param name="right">Another context.</param>
    public static bool operator !=(SpanContext left, SpanContext right) => !left.Equals(right);
}
