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
    private readonly bool _hasSpanId;

    public SpanCorrelationScope(string? service, string traceId, string? spanId)
    {
        var items = new List<KeyValuePair<string, object?>>(3) { new(MonitorLogState.TraceIdKey, traceId) };
        if (spanId is not null) items.Add(new(MonitorLogState.SpanIdKey, spanId));
        if (service is not null) items.Add(new(MonitorLogState.ServiceKey, service));
        _items = [.. items];
        _hasSpanId = spanId is not null;
        Service = service;
    }

    public string? Service { get; }

    public int Count => _items.Length;

    public KeyValuePair<string, object?> this[int index] => _items[index];

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => ((IEnumerable<KeyValuePair<string, object?>>)_items).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => _hasSpanId
        ? $"trace_id:{_items[0].Value} span_id:{_items[1].Value}"
        : $"trace_id:{_items[0].Value}";
}
