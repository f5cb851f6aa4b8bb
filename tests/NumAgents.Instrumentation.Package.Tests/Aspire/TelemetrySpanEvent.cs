namespace NumAgents.Instrumentation.Package.Tests.Aspire;

/// <summary>One entry of a span's <c>events</c> (an <c>ActivityEvent</c>, such as <c>exception</c>).</summary>
public sealed record TelemetrySpanEvent(string Name, ulong TimeUnixNano, IReadOnlyList<KeyValuePair<string, string>> Attributes)
{
    /// <summary>The value of the first attribute named <paramref name="key"/>, or null.</summary>
    public string? Attribute(string key) => OtlpJson.Find(Attributes, key);
}
