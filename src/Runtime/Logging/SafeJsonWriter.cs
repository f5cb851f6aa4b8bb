using System.Buffers;
using System.Collections;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace NumAgents.Instrumentation.Logging;

/// <summary>
/// Writes any value as JSON without ever throwing: primitives as themselves, dictionaries as objects,
/// sequences as arrays, anything else as its invariant string form. Cycles, depth (16), sequence length
/// (100 items) and members whose enumeration or <c>ToString</c> throws are rendered as markers, so a log
/// record always comes out. No reflection: it stays trimming- and AOT-safe.
/// </summary>
internal static class SafeJsonWriter
{
    public const int MaxDepth = 16;
    public const int MaxItems = 100;

    /// <summary>Writes <paramref name="value"/>; a value that fails halfway is replaced by a marker string.</summary>
    public static void WriteValue(Utf8JsonWriter writer, object? value, JsonWriterOptions options)
    {
        if (IsSimple(value))
        {
            WriteSimple(writer, value);
            return;
        }

        // Render into a scratch buffer first, so a failure halfway leaves no broken JSON behind.
        var scratch = new ArrayBufferWriter<byte>(256);
        try
        {
            using (var inner = new Utf8JsonWriter(scratch, options))
            {
                Write(inner, value, depth: 0, ancestors: []);
            }

            writer.WriteRawValue(scratch.WrittenSpan, skipInputValidation: true);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            writer.WriteStringValue($"[unserializable {value!.GetType().Name}: {exception.Message}]");
        }
    }

    private static bool IsSimple(object? value) => value is null or string or bool or int or long or double;

    private static void WriteSimple(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null:
                writer.WriteNullValue();
                break;
            case string text:
                writer.WriteStringValue(text);
                break;
            case bool flag:
                writer.WriteBooleanValue(flag);
                break;
            case int number:
                writer.WriteNumberValue(number);
                break;
            case long number:
                writer.WriteNumberValue(number);
                break;
            case double number:
                WriteDouble(writer, number);
                break;
        }
    }

    private static void Write(Utf8JsonWriter writer, object? value, int depth, List<object> ancestors)
    {
        switch (value)
        {
            case null or string or bool or int or long or double:
                WriteSimple(writer, value);
                return;
            case char c:
                writer.WriteStringValue(c.ToString());
                return;
            case byte or sbyte or short or ushort or uint:
                writer.WriteNumberValue(Convert.ToInt64(value, CultureInfo.InvariantCulture));
                return;
            case ulong number:
                writer.WriteNumberValue(number);
                return;
            case float number:
                WriteDouble(writer, number);
                return;
            case decimal number:
                writer.WriteNumberValue(number);
                return;
            case DateTime time:
                writer.WriteStringValue(time);
                return;
            case DateTimeOffset time:
                writer.WriteStringValue(time);
                return;
            case Guid guid:
                writer.WriteStringValue(guid);
                return;
            case TimeSpan span:
                writer.WriteStringValue(span.ToString("c", CultureInfo.InvariantCulture));
                return;
            case Enum e:
                writer.WriteStringValue(e.ToString());
                return;
            case byte[] bytes:
                writer.WriteBase64StringValue(bytes);
                return;
            case JsonElement element:
                element.WriteTo(writer);
                return;
            case JsonNode node:
                node.WriteTo(writer);
                return;
            case Exception exception:
                writer.WriteStringValue($"{exception.GetType().FullName}: {exception.Message}");
                return;
        }

        if (depth >= MaxDepth)
        {
            writer.WriteStringValue("[max depth]");
            return;
        }

        foreach (var ancestor in ancestors)
        {
            if (ReferenceEquals(ancestor, value))
            {
                writer.WriteStringValue("[circular reference]");
                return;
            }
        }

        ancestors.Add(value);
        try
        {
            switch (value)
            {
                case IDictionary dictionary:
                    WriteObject(writer, Entries(dictionary), depth, ancestors);
                    break;
                case IEnumerable<KeyValuePair<string, object?>> pairs:
                    WriteObject(writer, Entries(pairs), depth, ancestors);
                    break;
                case IEnumerable<KeyValuePair<string, string>> pairs:
                    WriteObject(writer, Entries(pairs), depth, ancestors);
                    break;
                case IEnumerable items:
                    WriteArray(writer, items, depth, ancestors);
                    break;
                default:
                    writer.WriteStringValue(SafeToString(value));
                    break;
            }
        }
        finally
        {
            ancestors.RemoveAt(ancestors.Count - 1);
        }
    }

    private static void WriteObject(Utf8JsonWriter writer, IEnumerable<KeyValuePair<string, object?>> entries, int depth, List<object> ancestors)
    {
        writer.WriteStartObject();
        var count = 0;
        foreach (var (key, item) in entries)
        {
            if (count++ == MaxItems)
            {
                writer.WriteString("[truncated]", $"more than {MaxItems} entries");
                break;
            }

            writer.WritePropertyName(key);
            Write(writer, item, depth + 1, ancestors);
        }

        writer.WriteEndObject();
    }

    private static void WriteArray(Utf8JsonWriter writer, IEnumerable items, int depth, List<object> ancestors)
    {
        writer.WriteStartArray();
        var count = 0;
        foreach (var item in items)
        {
            if (count++ == MaxItems)
            {
                writer.WriteStringValue($"[truncated: more than {MaxItems} items]");
                break;
            }

            Write(writer, item, depth + 1, ancestors);
        }

        writer.WriteEndArray();
    }

    private static IEnumerable<KeyValuePair<string, object?>> Entries(IDictionary dictionary)
    {
        foreach (DictionaryEntry entry in dictionary) yield return new(SafeToString(entry.Key), entry.Value);
    }

    private static IEnumerable<KeyValuePair<string, object?>> Entries(IEnumerable<KeyValuePair<string, object?>> pairs)
    {
        foreach (var pair in pairs) yield return pair;
    }

    private static IEnumerable<KeyValuePair<string, object?>> Entries(IEnumerable<KeyValuePair<string, string>> pairs)
    {
        foreach (var (key, value) in pairs) yield return new(key, value);
    }

    private static void WriteDouble(Utf8JsonWriter writer, double number)
    {
        if (double.IsFinite(number)) writer.WriteNumberValue(number);
        else writer.WriteStringValue(number.ToString(CultureInfo.InvariantCulture)); // JSON has no NaN or infinity
    }

    private static string SafeToString(object value)
    {
        try
        {
            return (value is IFormattable formattable ? formattable.ToString(null, CultureInfo.InvariantCulture) : value.ToString()) ?? string.Empty;
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            return $"[unserializable {value.GetType().Name}: ToString threw {exception.GetType().Name}]";
        }
    }
}
