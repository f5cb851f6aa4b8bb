using System.Globalization;
using System.Text.Json;

namespace NumAgents.Instrumentation.Package.Tests.Aspire;

/// <summary>
/// Reads the dashboard's answers: OTLP JSON (<c>resourceSpans</c>/<c>resourceLogs</c>) wrapped in
/// <c>{ "data": ..., "totalCount": n, "returnedCount": n }</c>; see README.md for the shapes. Missing
/// optional fields read as null or empty, a missing required one throws with the field's name.
/// </summary>
internal static class OtlpJson
{
    public static TelemetryPage<TelemetrySpan> ReadSpans(JsonElement answer)
    {
        var spans = new List<TelemetrySpan>();
        foreach (var resourceSpans in Array(Required(answer, "data"), "resourceSpans"))
        {
            var resource = ReadResource(resourceSpans);
            foreach (var scopeSpans in Array(resourceSpans, "scopeSpans"))
            {
                var scope = ReadScope(scopeSpans);
                foreach (var span in Array(scopeSpans, "spans"))
                {
                    var status = span.TryGetProperty("status", out var s) ? s : default;
                    spans.Add(new TelemetrySpan(
                        TraceId: String(span, "traceId"),
                        SpanId: String(span, "spanId"),
                        ParentSpanId: OptionalString(span, "parentSpanId") is { Length: > 0 } parent ? parent : null,
                        Name: String(span, "name"),
                        Kind: (OtlpSpanKind)OptionalInt(span, "kind"),
                        StartTimeUnixNano: UnixNano(span, "startTimeUnixNano"),
                        EndTimeUnixNano: UnixNano(span, "endTimeUnixNano"),
                        Attributes: Attributes(span),
                        Events: Array(span, "events").Select(e => new TelemetrySpanEvent(String(e, "name"), UnixNano(e, "timeUnixNano"), Attributes(e))).ToList(),
                        StatusCode: status.ValueKind == JsonValueKind.Object ? (OtlpStatusCode)OptionalInt(status, "code") : OtlpStatusCode.Unset,
                        StatusMessage: status.ValueKind == JsonValueKind.Object && OptionalString(status, "message") is { Length: > 0 } message ? message : null,
                        Scope: scope,
                        Resource: resource));
                }
            }
        }

        return new TelemetryPage<TelemetrySpan>(spans, Count(answer, "totalCount", spans.Count), Count(answer, "returnedCount", spans.Count));
    }

    public static TelemetryPage<TelemetryLog> ReadLogs(JsonElement answer)
    {
        var logs = new List<TelemetryLog>();
        foreach (var resourceLogs in Array(Required(answer, "data"), "resourceLogs"))
        {
            var resource = ReadResource(resourceLogs);
            foreach (var scopeLogs in Array(resourceLogs, "scopeLogs"))
            {
                var scope = ReadScope(scopeLogs);
                foreach (var record in Array(scopeLogs, "logRecords"))
                {
                    logs.Add(new TelemetryLog(
                        TimeUnixNano: UnixNano(record, "timeUnixNano"),
                        SeverityNumber: OptionalInt(record, "severityNumber"),
                        SeverityText: OptionalString(record, "severityText"),
                        Body: record.TryGetProperty("body", out var body) ? Value(body) : string.Empty,
                        Attributes: Attributes(record),
                        TraceId: OptionalString(record, "traceId") is { Length: > 0 } traceId ? traceId : null,
                        SpanId: OptionalString(record, "spanId") is { Length: > 0 } spanId ? spanId : null,
                        Scope: scope,
                        Resource: resource));
                }
            }
        }

        return new TelemetryPage<TelemetryLog>(logs, Count(answer, "totalCount", logs.Count), Count(answer, "returnedCount", logs.Count));
    }

    public static IReadOnlyList<DashboardResource> ReadResources(JsonElement answer)
    {
        if (answer.ValueKind != JsonValueKind.Array) throw new FormatException($"Expected a JSON array of resources, got {answer.ValueKind}.");
        return answer.EnumerateArray().Select(r => new DashboardResource(
            String(r, "name"),
            OptionalString(r, "instanceId"),
            OptionalString(r, "displayName") ?? String(r, "name"),
            OptionalBool(r, "hasLogs"),
            OptionalBool(r, "hasTraces"),
            OptionalBool(r, "hasMetrics"))).ToList();
    }

    public static string? Find(IReadOnlyList<KeyValuePair<string, string>> attributes, string key)
    {
        foreach (var attribute in attributes)
        {
            if (attribute.Key == key) return attribute.Value;
        }

        return null;
    }

    private static OtlpResource ReadResource(JsonElement parent)
    {
        var attributes = parent.TryGetProperty("resource", out var resource) ? Attributes(resource) : [];
        return new OtlpResource(
            Find(attributes, "service.name") ?? string.Empty,
            Find(attributes, "service.instance.id") is { Length: > 0 } instance ? instance : null,
            attributes);
    }

    private static OtlpScope ReadScope(JsonElement parent)
        => parent.TryGetProperty("scope", out var scope)
            ? new OtlpScope(OptionalString(scope, "name") ?? string.Empty, OptionalString(scope, "version"))
            : new OtlpScope(string.Empty, null);

    private static List<KeyValuePair<string, string>> Attributes(JsonElement parent)
        => Array(parent, "attributes").Select(a => KeyValuePair.Create(String(a, "key"), a.TryGetProperty("value", out var v) ? Value(v) : string.Empty)).ToList();

    /// <summary>
    /// An OTLP <c>AnyValue</c> as text. The dashboard only writes <c>stringValue</c> (and <c>{}</c> for
    /// an empty value); the other kinds are read too, so a future version that keeps types still parses.
    /// </summary>
    private static string Value(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Object) return value.ToString();
        foreach (var kind in value.EnumerateObject())
        {
            return kind.Name switch
            {
                "stringValue" or "intValue" or "bytesValue" => kind.Value.ToString(),
                "boolValue" => kind.Value.GetBoolean() ? "true" : "false",
                "doubleValue" => kind.Value.GetDouble().ToString(CultureInfo.InvariantCulture),
                _ => kind.Value.GetRawText(),
            };
        }

        return string.Empty;
    }

    private static IEnumerable<JsonElement> Array(JsonElement parent, string name)
        => parent.TryGetProperty(name, out var array) && array.ValueKind == JsonValueKind.Array ? array.EnumerateArray() : [];

    private static JsonElement Required(JsonElement parent, string name)
        => parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(name, out var value)
            ? value
            : throw new FormatException($"The dashboard's JSON has no '{name}' in: {Excerpt(parent)}");

    private static string String(JsonElement parent, string name)
        => Required(parent, name).GetString() ?? throw new FormatException($"'{name}' is null in: {Excerpt(parent)}");

    private static string? OptionalString(JsonElement parent, string name)
        => parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static int OptionalInt(JsonElement parent, string name)
        => parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetInt32() : 0;

    private static bool OptionalBool(JsonElement parent, string name)
        => parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.True;

    private static int Count(JsonElement answer, string name, int itemCount)
        => answer.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetInt32() : itemCount;

    /// <summary>OTLP JSON writes 64-bit times as decimal strings (proto3 JSON mapping); numbers are accepted too.</summary>
    private static ulong UnixNano(JsonElement parent, string name)
    {
        var value = Required(parent, name);
        return value.ValueKind == JsonValueKind.Number
            ? value.GetUInt64()
            : ulong.Parse(value.GetString() ?? throw new FormatException($"'{name}' is null"), NumberStyles.None, CultureInfo.InvariantCulture);
    }

    private static string Excerpt(JsonElement element)
    {
        var text = element.GetRawText();
        return text.Length <= 300 ? text : text[..300] + "...";
    }
}
