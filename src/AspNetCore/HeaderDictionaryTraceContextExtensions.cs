using Microsoft.AspNetCore.Http;

namespace NumAgents.Instrumentation.AspNetCore;

/// <summary>
/// W3C trace context (<c>traceparent</c>, <c>tracestate</c>) on ASP.NET Core's <see cref="IHeaderDictionary"/>,
/// as <see cref="TraceContextPropagator"/> reads and writes it on other carriers: for a request or a message
/// handled without ASP.NET Core's own activity, or a response that hands the context on.
/// </summary>
public static class HeaderDictionaryTraceContextExtensions
{
    /// <summary>
    /// The remote context the headers carry, or the invalid context (<see cref="SpanContext.IsValid"/> false)
    /// when <c>traceparent</c> is missing or malformed. Several <c>tracestate</c> headers are joined as the
    /// specification says.
    /// </summary>
    /// <param name="headers">A request's (or a message's) headers.</param>
    public static SpanContext ExtractTraceContext(this IHeaderDictionary headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        var traceParent = headers.TraceParent;

        // Two traceparent headers make the context ambiguous; the specification says to ignore both.
        if (traceParent.Count != 1) return default;
        var traceState = headers.TraceState;
        return TraceContextPropagator.TryParse(traceParent[0], traceState.Count == 0 ? null : string.Join(',', traceState.ToArray()), out var context) ? context : default;
    }

    /// <summary>Writes <paramref name="context"/> as <c>traceparent</c> (and <c>tracestate</c> when it has one), replacing any already there; nothing for an invalid context.</summary>
    /// <param name="headers">The headers to write into.</param>
    /// <param name="context">The context to hand on, usually <c>tracer.CurrentContext</c>.</param>
    public static void InjectTraceContext(this IHeaderDictionary headers, SpanContext context)
    {
        ArgumentNullException.ThrowIfNull(headers);
        if (!context.IsValid) return;
        headers.TraceParent = context.ToTraceParent();
        if (string.IsNullOrEmpty(context.TraceState)) headers.Remove(TraceContextPropagator.TraceStateHeader);
        else headers.TraceState = context.TraceState;
    }
}
