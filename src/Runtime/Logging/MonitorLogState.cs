using System.Collections;

namespace NumAgents.Instrumentation.Logging;

/// <summary>
/// The structured state of a record written by a monitor's <c>Log</c>:
/// <c>service</c>, <c>trace_id</c> and <c>span_id</c> (when a trace is current), then every extra key.
/// Providers that understand structured state (JSON console, OpenTelemetry, Serilog...) see each as a
/// property; <see cref="ToString"/> is the message.
/// </summary>
/// <remarks>
/// An extra whose key is one of the reserved keys is kept as <c>extra.{key}</c> so it neither hides
/// nor duplicates the monitor's value.
/// </remarks>
internal sealed class MonitorLogState : IReadOnlyList<KeyValuePair<string, object?>>
{
    public const string ServiceKey = "service";
    public const string TraceIdKey = "trace_id";
    public const string SpanIdKey = "span_id";

    private readonly KeyValuePair<string, object?>[] _items;

    public MonitorLogState(string service, string message, string? traceId, string? spanId, IReadOnlyDictionary<string, object?>? extra)
    {
        Message = message;
        var items = new KeyValuePair<string, object?>[1 + (traceId is null ? 0 : 1) + (spanId is null ? 0 : 1) + (extra?.Count ?? 0)];
        var count = 0;
        items[count++] = new(ServiceKey, service);
        if (traceId is not null) items[count++] = new(TraceIdKey, traceId);
        if (spanId is not null) items[count++] = new(SpanIdKey, spanId);
        if (extra is not null)
        {
            foreach (var (key, value) in extra)
            {
                if (count == items.Length) break; // a dictionary that reports a wrong Count must not break logging
                if (string.IsNullOrEmpty(key)) continue;
                items[count++] = new(IsReserved(key) ? "extra." + key : key, value);
            }
        }

        _items = count == items.Length ? items : items[..count];
    }

    public string Message { get; }

    public int Count => _items.Length;

    public KeyValuePair<string, object?> this[int index] => _items[index];

    public static string Format(MonitorLogState state, Exception? exception) => state.Message;

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => ((IEnumerable<KeyValuePair<string, object?>>)_items).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => Message;

    private static bool IsReserved(string key) => key is ServiceKey or TraceIdKey or SpanIdKey or "timestamp" or "level" or "message" or "exception";
}
