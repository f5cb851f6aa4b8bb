using System.Collections;

namespace NumAgents.Instrumentation.Logging;

/// <summary>
/// The logging scope that correlates a record with the current span: <c>trace_id</c> and <c>span_id</c>
/// (and <c>service</c>). Providers that write scopes as properties (the JSON console formatter,
/// OpenTelemetry's logging provider) show each one; text formatters show <see cref="ToString"/>.
/// </summary>
internal sealed class SpanCorrelationScope : IReadOnlyList<KeyValuePair<string, object?>>
{
    private readonly KeyValuePair<string, object?>[] _items;

    public SpanCorrelationScope(string service, string traceId, string? spanId)
    {
        _items = spanId is null
            ? [new(MonitorLogState.TraceIdKey, traceId), new(MonitorLogState.ServiceKey, service)]
            : [new(MonitorLogState.TraceIdKey, traceId), new(MonitorLogState.SpanIdKey, spanId), new(MonitorLogState.ServiceKey, service)];
    }

    public int Count => _items.Length;

    public KeyValuePair<string, object?> this[int index] => _items[index];

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => ((IEnumerable<KeyValuePair<string, object?>>)_items).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => _items.Length == 3
        ? $"trace_id:{_items[0].Value} span_id:{_items[1].Value}"
        : $"trace_id:{_items[0].Value}";
}
