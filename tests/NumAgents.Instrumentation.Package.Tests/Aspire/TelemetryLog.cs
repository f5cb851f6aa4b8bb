namespace NumAgents.Instrumentation.Package.Tests.Aspire;

/// <summary>
/// One log record from <c>resourceLogs[].scopeLogs[].logRecords[]</c>. A log links to a span only
/// through <see cref="TraceId"/> and <see cref="SpanId"/>, copied from the record as the sender wrote
/// them; the dashboard adds an <c>aspire.log_id</c> attribute of its own.
/// </summary>
public sealed record TelemetryLog(
    ulong TimeUnixNano,
    int SeverityNumber,
    string? SeverityText,
    string Body,
    IReadOnlyList<KeyValuePair<string, string>> Attributes,
    string? TraceId,
    string? SpanId,
    OtlpScope Scope,
    OtlpResource Resource)
{
    /// <summary>The value of the first attribute named <paramref name="key"/>, or null.</summary>
    public string? Attribute(string key) => OtlpJson.Find(Attributes, key);
}
