using System.Net.Http.Headers;
using NumAgents.Instrumentation.Tracing;

namespace NumAgents.Instrumentation;

/// <summary>
/// W3C Trace Context (<c>traceparent</c> and <c>tracestate</c>) injection into and extraction from
/// carriers, so a trace continues in another process. Extraction never throws: a missing, duplicated or
/// malformed <c>traceparent</c> gives the invalid context (a new trace starts), and a malformed
/// <c>tracestate</c> is dropped while the <c>traceparent</c> is kept, as the specification requires.
/// </summary>
/// <example>
/// <code>
/// // caller
/// var headers = new Dictionary&lt;string, string&gt;();
/// TraceContextPropagator.Inject(tracer.CurrentContext, headers);
/// // callee (another process)
/// using var span = tracer.Span("handle", TraceContextPropagator.Extract(headers));
/// </code>
/// </example>
public static class TraceContextPropagator
{
    /// <summary>The <c>traceparent</c> header name.</summary>
    public const string TraceParentHeader = "traceparent";

    /// <summary>The <c>tracestate</c> header name.</summary>
    public const string TraceStateHeader = "tracestate";

    /// <summary>Writes <c>traceparent</c> (and <c>tracestate</c> when there is one), replacing earlier values. An invalid context writes nothing.</summary>
    /// <param name="context">The context to propagate, for example <see cref="Tracer.CurrentContext"/>.</param>
    /// <param name="carrier">The headers to write to.</param>
    public static void Inject(SpanContext context, IDictionary<string, string> carrier)
    {
        ArgumentNullException.ThrowIfNull(carrier);
        if (!context.IsValid) return;
        carrier[TraceParentHeader] = context.ToTraceParent();
        if (!string.IsNullOrEmpty(context.TraceState)) carrier[TraceStateHeader] = context.TraceState;
        else carrier.Remove(TraceStateHeader);
    }

    /// <summary>Writes <c>traceparent</c> (and <c>tracestate</c> when there is one) into HTTP headers, replacing earlier values.</summary>
    /// <param name="context">The context to propagate.</param>
    /// <param name="headers">Request or response headers.</param>
    public static void Inject(SpanContext context, HttpHeaders headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        if (!context.IsValid) return;
        headers.Remove(TraceParentHeader);
        headers.Remove(TraceStateHeader);
        headers.TryAddWithoutValidation(TraceParentHeader, context.ToTraceParent());
        if (!string.IsNullOrEmpty(context.TraceState)) headers.TryAddWithoutValidation(TraceStateHeader, context.TraceState);
    }

    /// <summary>
    /// Reads the context from a string dictionary (header names match case-insensitively). Returns the
    /// invalid context when there is no valid <c>traceparent</c>.
    /// </summary>
    /// <param name="carrier">The incoming headers.</param>
    public static SpanContext Extract(IReadOnlyDictionary<string, string> carrier)
    {
        ArgumentNullException.ThrowIfNull(carrier);
        string? traceParent = null;
        string? traceState = null;
        var traceParentCount = 0;
        foreach (var (name, value) in carrier)
        {
            if (string.Equals(name, TraceParentHeader, StringComparison.OrdinalIgnoreCase))
            {
                traceParent = value;
                traceParentCount++;
            }
            else if (string.Equals(name, TraceStateHeader, StringComparison.OrdinalIgnoreCase))
            {
                traceState = traceState is null ? value : traceState + "," + value;
            }
        }

        return traceParentCount == 1 && TryParse(traceParent, traceState, out var context) ? context : default;
    }

    /// <summary>
    /// Reads the context from HTTP headers. Two <c>traceparent</c> headers are invalid; several
    /// <c>tracestate</c> headers are combined in order.
    /// </summary>
    /// <param name="headers">Request or response headers.</param>
    public static SpanContext Extract(HttpHeaders headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        if (!headers.TryGetValues(TraceParentHeader, out var traceParents)) return default;
        string? traceParent = null;
        foreach (var value in traceParents)
        {
            if (traceParent is not null) return default;
            traceParent = value;
        }

        var traceState = headers.TryGetValues(TraceStateHeader, out var states) ? string.Join(',', states) : null;
        return TryParse(traceParent, traceState, out var context) ? context : default;
    }

    /// <summary>
    /// Parses a <c>traceparent</c> value (any version but <c>ff</c>; version <c>00</c> exactly, later
    /// versions by their first four fields) and an optional <c>tracestate</c> value.
    /// </summary>
    /// <param name="traceParent">The <c>traceparent</c> value.</param>
    /// <param name="traceState">The <c>tracestate</c> value (several headers joined with commas), or <see langword="null"/>.</param>
    /// <param name="context">The remote context, or the invalid context.</param>
    /// <returns>Whether <paramref name="traceParent"/> was valid.</returns>
    public static bool TryParse(string? traceParent, string? traceState, out SpanContext context)
    {
        context = default;
        if (traceParent is null) return false;
        var text = traceParent.AsSpan().Trim(" \t");
        if (text.Length < 55 || text[2] != '-' || text[35] != '-' || text[52] != '-') return false;
        if (!TryParseByte(text[..2], out var version) || version == 0xFF) return false;

        // Version 00 has exactly four fields; a later version may append fields after a dash.
        if (version == 0 ? text.Length != 55 : text.Length > 55 && text[55] != '-') return false;
        if (!TraceIds.TryParseTraceId(text.Slice(3, 32), strict: true, out var high, out var low) || (high | low) == 0) return false;
        if (!TraceIds.TryParseSpanId(text.Slice(36, 16), strict: true, out var parentId) || parentId == 0) return false;
        if (!TryParseByte(text.Slice(53, 2), out var flags)) return false;

        context = new SpanContext(high, low, parentId, (flags & 1) != 0, TraceStateParser.Normalize(traceState), isRemote: true);
        return true;
    }

    private static bool TryParseByte(ReadOnlySpan<char> text, out int value)
    {
        value = 0;
        foreach (var c in text)
        {
            int digit;
            if (c is >= '0' and <= '9') digit = c - '0';
            else if (c is >= 'a' and <= 'f') digit = c - 'a' + 10;
            else return false;
            value = (value << 4) | digit;
        }

        return true;
    }
}
