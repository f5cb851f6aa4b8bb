using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using NumAgents.Instrumentation.Tracing;

namespace NumAgents.Instrumentation.Export.Jaeger;

/// <summary>
/// Writes spans in the Jaeger UI's JSON format (the query API's response, which the UI also loads from a
/// file): <c>{"data":[{"traceID","spans","processes","warnings"}],"total","limit","offset","errors"}</c>,
/// following Jaeger's <c>model/json</c> definitions. Written straight into a buffer with
/// <see cref="Utf8JsonWriter"/>: no intermediate object graph, property names pre-encoded.
/// </summary>
/// <remarks>
/// Mapping (as OpenTelemetry's Jaeger translation does it): attributes become typed tags (string, bool,
/// int64, float64; arrays and non-finite numbers become strings), events become logs whose
/// <c>event</c> field is the event name, the parent becomes a <c>CHILD_OF</c> reference and links
/// <c>FOLLOWS_FROM</c> references, the kind becomes <c>span.kind</c>, and the status becomes
/// <c>otel.status_code</c> / <c>otel.status_description</c> plus <c>error=true</c> on failure.
/// </remarks>
internal static class JaegerJsonWriter
{
    public const string ProcessId = "p1";

    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, // a file for a tool, never embedded in HTML
        SkipValidation = true,
    };

    private static readonly JsonEncodedText Data = JsonEncodedText.Encode("data");
    private static readonly JsonEncodedText Total = JsonEncodedText.Encode("total");
    private static readonly JsonEncodedText Limit = JsonEncodedText.Encode("limit");
    private static readonly JsonEncodedText Offset = JsonEncodedText.Encode("offset");
    private static readonly JsonEncodedText Errors = JsonEncodedText.Encode("errors");
    private static readonly JsonEncodedText TraceId = JsonEncodedText.Encode("traceID");
    private static readonly JsonEncodedText SpanId = JsonEncodedText.Encode("spanID");
    private static readonly JsonEncodedText Spans = JsonEncodedText.Encode("spans");
    private static readonly JsonEncodedText Processes = JsonEncodedText.Encode("processes");
    private static readonly JsonEncodedText Warnings = JsonEncodedText.Encode("warnings");
    private static readonly JsonEncodedText Flags = JsonEncodedText.Encode("flags");
    private static readonly JsonEncodedText OperationName = JsonEncodedText.Encode("operationName");
    private static readonly JsonEncodedText References = JsonEncodedText.Encode("references");
    private static readonly JsonEncodedText RefType = JsonEncodedText.Encode("refType");
    private static readonly JsonEncodedText ChildOf = JsonEncodedText.Encode("CHILD_OF");
    private static readonly JsonEncodedText FollowsFrom = JsonEncodedText.Encode("FOLLOWS_FROM");
    private static readonly JsonEncodedText StartTime = JsonEncodedText.Encode("startTime");
    private static readonly JsonEncodedText Duration = JsonEncodedText.Encode("duration");
    private static readonly JsonEncodedText Tags = JsonEncodedText.Encode("tags");
    private static readonly JsonEncodedText Logs = JsonEncodedText.Encode("logs");
    private static readonly JsonEncodedText Timestamp = JsonEncodedText.Encode("timestamp");
    private static readonly JsonEncodedText Fields = JsonEncodedText.Encode("fields");
    private static readonly JsonEncodedText ProcessIdProperty = JsonEncodedText.Encode("processID");
    private static readonly JsonEncodedText ProcessIdValue = JsonEncodedText.Encode(ProcessId);
    private static readonly JsonEncodedText ServiceName = JsonEncodedText.Encode("serviceName");
    private static readonly JsonEncodedText Key = JsonEncodedText.Encode("key");
    private static readonly JsonEncodedText Type = JsonEncodedText.Encode("type");
    private static readonly JsonEncodedText Value = JsonEncodedText.Encode("value");
    private static readonly JsonEncodedText StringType = JsonEncodedText.Encode("string");
    private static readonly JsonEncodedText BoolType = JsonEncodedText.Encode("bool");
    private static readonly JsonEncodedText Int64Type = JsonEncodedText.Encode("int64");
    private static readonly JsonEncodedText Float64Type = JsonEncodedText.Encode("float64");
    private static readonly JsonEncodedText EventKey = JsonEncodedText.Encode("event");

    /// <summary>Writes the whole document for <paramref name="traces"/> (each list holds one trace's spans by start time).</summary>
    public static void Write(IBufferWriter<byte> output, IReadOnlyList<List<Span>> traces, Tracer tracer)
    {
        using var writer = CreateWriter(output);
        WriteStart(writer);
        foreach (var trace in traces)
        {
            WriteTrace(writer, trace, tracer);
        }

        WriteEnd(writer, traces.Count);
        writer.Flush();
    }

    public static Utf8JsonWriter CreateWriter(IBufferWriter<byte> output) => new(output, WriterOptions);

    /// <summary>Opens the document and its <c>data</c> array.</summary>
    public static void WriteStart(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteStartArray(Data);
    }

    /// <summary>Closes <c>data</c> and writes the rest of the query API envelope.</summary>
    public static void WriteEnd(Utf8JsonWriter writer, int traceCount)
    {
        writer.WriteEndArray();
        writer.WriteNumber(Total, traceCount);
        writer.WriteNumber(Limit, 0);
        writer.WriteNumber(Offset, 0);
        writer.WriteNull(Errors);
        writer.WriteEndObject();
    }

    /// <summary>Writes one trace: its spans, its process and its warnings.</summary>
    public static void WriteTrace(Utf8JsonWriter writer, List<Span> spans, Tracer tracer)
    {
        Span<byte> hex = stackalloc byte[TraceIds.TraceIdLength];
        writer.WriteStartObject();
        WriteTraceId(writer, TraceId, spans[0].TraceIdHigh, spans[0].TraceIdLow, hex);
        writer.WriteStartArray(Spans);
        foreach (var span in spans)
        {
            WriteSpan(writer, span, hex);
        }

        writer.WriteEndArray();
        writer.WriteStartObject(Processes);
        writer.WriteStartObject(ProcessIdValue);
        writer.WriteString(ServiceName, tracer.ServiceName);
        writer.WriteStartArray(Tags);
        WriteTag(writer, "telemetry.sdk.name", "NumAgents.Instrumentation");
        WriteTag(writer, "telemetry.sdk.language", "dotnet");
        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.WriteNull(Warnings);
        writer.WriteEndObject();
    }

    private static void WriteSpan(Utf8JsonWriter writer, Span span, Span<byte> hex)
    {
        writer.WriteStartObject();
        WriteTraceId(writer, TraceId, span.TraceIdHigh, span.TraceIdLow, hex);
        WriteSpanId(writer, SpanId, span.SpanIdValue, hex);
        writer.WriteNumber(Flags, span.IsSampled ? 1 : 0);
        writer.WriteString(OperationName, span.Name);

        writer.WriteStartArray(References);
        var parentId = span.ParentSpanIdValue;
        if (parentId != 0) WriteReference(writer, ChildOf, span.TraceIdHigh, span.TraceIdLow, parentId, hex);
        var links = span.Links;
        foreach (var link in links)
        {
            WriteReference(writer, FollowsFrom, link.Context.TraceIdHigh, link.Context.TraceIdLow, link.Context.SpanIdValue, hex);
        }

        writer.WriteEndArray();

        var startTicks = span.StartUtcTicks;
        var endTicks = span.EndUtcTicks;
        writer.WriteNumber(StartTime, ToUnixMicroseconds(startTicks));
        writer.WriteNumber(Duration, Math.Max(0, (endTicks - startTicks) / 10));

        writer.WriteStartArray(Tags);
        foreach (var (key, value) in span.AttributeSnapshot.AsSpan())
        {
            WriteTag(writer, key, value);
        }

        WriteStandardTags(writer, span);
        writer.WriteEndArray();

        writer.WriteStartArray(Logs);
        foreach (var spanEvent in span.Events)
        {
            writer.WriteStartObject();
            writer.WriteNumber(Timestamp, ToUnixMicroseconds(spanEvent.UtcTicks));
            writer.WriteStartArray(Fields);
            writer.WriteStartObject();
            writer.WriteString(Key, EventKey);
            writer.WriteString(Type, StringType);
            writer.WriteString(Value, spanEvent.Name);
            writer.WriteEndObject();
            foreach (var (key, value) in spanEvent.AttributeList.AsSpan())
            {
                WriteTag(writer, key, value);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteString(ProcessIdProperty, ProcessIdValue);
        WriteWarnings(writer, span);
        writer.WriteEndObject();
    }

    private static void WriteStandardTags(Utf8JsonWriter writer, Span span)
    {
        var kind = span.Kind;
        if (kind != SpanKind.Internal) WriteTag(writer, "span.kind", kind switch
        {
            SpanKind.Server => "server",
            SpanKind.Client => "client",
            SpanKind.Producer => "producer",
            _ => "consumer",
        });

        switch (span.Status)
        {
            case SpanStatus.Ok:
                WriteTag(writer, "otel.status_code", "OK");
                break;
            case SpanStatus.Error:
                WriteTag(writer, "otel.status_code", "ERROR");
                if (span.Error is { } description) WriteTag(writer, "otel.status_description", description);
                WriteTag(writer, "error", true);
                break;
        }

        if (span.TraceName is { } traceName) WriteTag(writer, "trace.name", traceName);
    }

    private static void WriteWarnings(Utf8JsonWriter writer, Span span)
    {
        var attributes = span.DroppedAttributes;
        var events = span.DroppedEvents;
        var links = span.DroppedLinks;
        if ((attributes | events | links) == 0)
        {
            writer.WriteNull(Warnings);
            return;
        }

        writer.WriteStartArray(Warnings);
        if (attributes > 0) writer.WriteStringValue($"{attributes} attribute(s) dropped: more than {Span.MaxAttributes}");
        if (events > 0) writer.WriteStringValue($"{events} event(s) dropped: more than {Span.MaxEvents}");
        if (links > 0) writer.WriteStringValue($"{links} link(s) dropped: more than {Span.MaxLinks}");
        writer.WriteEndArray();
    }

    private static void WriteReference(Utf8JsonWriter writer, JsonEncodedText type, ulong traceIdHigh, ulong traceIdLow, ulong spanId, Span<byte> hex)
    {
        writer.WriteStartObject();
        writer.WriteString(RefType, type);
        WriteTraceId(writer, TraceId, traceIdHigh, traceIdLow, hex);
        WriteSpanId(writer, SpanId, spanId, hex);
        writer.WriteEndObject();
    }

    private static void WriteTag(Utf8JsonWriter writer, string key, object? value)
    {
        writer.WriteStartObject();
        writer.WriteString(Key, key);
        switch (value)
        {
            case string text:
                writer.WriteString(Type, StringType);
                writer.WriteString(Value, text);
                break;
            case bool flag:
                writer.WriteString(Type, BoolType);
                writer.WriteBoolean(Value, flag);
                break;
            case long number:
                writer.WriteString(Type, Int64Type);
                writer.WriteNumber(Value, number);
                break;
            case double number when double.IsFinite(number):
                writer.WriteString(Type, Float64Type);
                writer.WriteNumber(Value, number);
                break;
            case double number:
                // JSON has no NaN or infinity.
                writer.WriteString(Type, StringType);
                writer.WriteString(Value, number.ToString(CultureInfo.InvariantCulture));
                break;
            default:
                writer.WriteString(Type, StringType);
                writer.WriteString(Value, ArrayToJson(value));
                break;
        }

        writer.WriteEndObject();
    }

    /// <summary>Arrays become a JSON array in a string tag (Jaeger has no array type).</summary>
    private static string ArrayToJson(object? value)
    {
        var buffer = new ArrayBufferWriter<byte>(64);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartArray();
            switch (value)
            {
                case string[] strings:
                    foreach (var item in strings) writer.WriteStringValue(item);
                    break;
                case bool[] flags:
                    foreach (var item in flags) writer.WriteBooleanValue(item);
                    break;
                case long[] numbers:
                    foreach (var item in numbers) writer.WriteNumberValue(item);
                    break;
                case double[] numbers:
                    foreach (var item in numbers)
                    {
                        if (double.IsFinite(item)) writer.WriteNumberValue(item);
                        else writer.WriteStringValue(item.ToString(CultureInfo.InvariantCulture));
                    }

                    break;
            }

            writer.WriteEndArray();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void WriteTraceId(Utf8JsonWriter writer, JsonEncodedText property, ulong high, ulong low, Span<byte> hex)
    {
        TraceIds.WriteHex(hex, high);
        TraceIds.WriteHex(hex[16..], low);
        writer.WriteString(property, hex[..TraceIds.TraceIdLength]);
    }

    private static void WriteSpanId(Utf8JsonWriter writer, JsonEncodedText property, ulong spanId, Span<byte> hex)
    {
        TraceIds.WriteHex(hex, spanId);
        writer.WriteString(property, hex[..TraceIds.SpanIdLength]);
    }

    private static long ToUnixMicroseconds(long utcTicks) => (utcTicks - DateTime.UnixEpoch.Ticks) / 10;
}
