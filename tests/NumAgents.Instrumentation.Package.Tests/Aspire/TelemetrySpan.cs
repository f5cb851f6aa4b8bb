namespace NumAgents.Instrumentation.Package.Tests.Aspire;

/// <summary>
/// One span as the dashboard's API returns it, flattened out of OTLP's
/// <c>resourceSpans[].scopeSpans[].spans[]</c>. Attribute values are strings because the dashboard
/// stores and returns every attribute as a <c>stringValue</c> (an <c>intValue</c> 4 comes back as "4").
/// </summary>
/// <param name="ParentSpanId">Null for a root span: the dashboard omits <c>parentSpanId</c> then.</param>
/// <param name="Attributes">In the order the dashboard wrote them; a duplicated key would show here twice.</param>
public sealed record TelemetrySpan(
    string TraceId,
    string SpanId,
    string? ParentSpanId,
    string Name,
    OtlpSpanKind Kind,
    ulong StartTimeUnixNano,
    ulong EndTimeUnixNano,
    IReadOnlyList<KeyValuePair<string, string>> Attributes,
    IReadOnlyList<TelemetrySpanEvent> Events,
    OtlpStatusCode StatusCode,
    string? StatusMessage,
    OtlpScope Scope,
    OtlpResource Resource)
{
    public TimeSpan Duration => TimeSpan.FromTicks((long)((EndTimeUnixNano - StartTimeUnixNano) / 100));

    /// <summary>The value of the first attribute named <paramref name="key"/>, or null.</summary>
    public string? Attribute(string key) => OtlpJson.Find(Attributes, key);

    public override string ToString() => $"{Name} {SpanId} (parent {ParentSpanId ?? "none"}, {StatusCode}) in trace {TraceId} of {Resource.ServiceName}";
}
