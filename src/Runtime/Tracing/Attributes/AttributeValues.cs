using System.Collections;
using System.Globalization;

namespace NumAgents.Instrumentation.Tracing;

/// <summary>
/// Brings attribute values to the types OpenTelemetry (and Jaeger) know: string, bool, long, double
/// and arrays of those. Other values are converted once, when they are set, so readers and exporters
/// see one canonical type.
/// </summary>
internal static class AttributeValues
{
    /// <summary>The canonical form of <paramref name="value"/>; <see langword="null"/> only for a null value.</summary>
    public static object? Normalize(object? value)
    {
        switch (value)
        {
            case null:
            case string:
            case bool:
            case long:
            case double:
            case string[]:
            case bool[]:
            case long[]:
            case double[]:
                return value;
            case int i:
                return (long)i;
            case short s:
                return (long)s;
            case sbyte sb:
                return (long)sb;
            case byte b:
                return (long)b;
            case ushort us:
                return (long)us;
            case uint ui:
                return (long)ui;
            case ulong ul:
                return ul <= long.MaxValue ? (long)ul : ul.ToString(CultureInfo.InvariantCulture);
            case float f:
                return (double)f;
            case decimal d:
                return (double)d;
            case char c:
                return c.ToString();
            case Enum e:
                return e.ToString();
            case int[] ints:
                return Array.ConvertAll(ints, static x => (long)x);
            case float[] floats:
                return Array.ConvertAll(floats, static x => (double)x);
            case IEnumerable<string?> strings:
                return strings.Select(static s => s ?? string.Empty).ToArray();
            case IEnumerable<long> longs:
                return longs.ToArray();
            case IEnumerable<int> ints:
                return ints.Select(static x => (long)x).ToArray();
            case IEnumerable<double> doubles:
                return doubles.ToArray();
            case IEnumerable<bool> bools:
                return bools.ToArray();
            case IFormattable formattable:
                return SafeToString(formattable);
            case IEnumerable items:
                return RenderItems(items);
            default:
                return SafeToString(value);
        }
    }

    /// <summary>Normalizes every entry of an attribute dictionary into a new array (null values are skipped).</summary>
    public static KeyValuePair<string, object?>[] Copy(IReadOnlyDictionary<string, object?>? attributes, string ownerKind, string? ownerName, string? spanName = null)
    {
        if (attributes is null || attributes.Count == 0) return [];
        var copy = new KeyValuePair<string, object?>[attributes.Count];
        var count = 0;
        foreach (var (key, value) in attributes)
        {
            if (string.IsNullOrEmpty(key))
            {
                var owner = ownerName is null ? ownerKind : $"{ownerKind} '{ownerName}'";
                if (spanName is not null) owner += $" of span '{spanName}'";
                throw new ArgumentException($"An attribute key of {owner} is null or empty.", nameof(attributes));
            }
            var normalized = Normalize(value);
            if (normalized is not null) copy[count++] = new(key, normalized);
        }

        if (count != copy.Length) Array.Resize(ref copy, count);
        return copy;
    }

    private static string[] RenderItems(IEnumerable items)
    {
        var rendered = new List<string>();
        foreach (var item in items)
        {
            rendered.Add(item is null ? string.Empty : SafeToString(item));
        }

        return [.. rendered];
    }

    private static string SafeToString(object value)
    {
        // A user's ToString must not break the application that records the attribute.
        try
        {
            return (value is IFormattable formattable ? formattable.ToString(null, CultureInfo.InvariantCulture) : value.ToString()) ?? string.Empty;
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            return $"<{value.GetType().Name}: ToString failed>";
        }
    }
}
