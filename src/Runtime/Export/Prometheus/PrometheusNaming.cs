using System.Globalization;
using System.Text;

namespace NumAgents.Instrumentation.Export.Prometheus;

/// <summary>
/// Maps metric and label names onto the Prometheus text format 0.0.4: names to
/// <c>[a-zA-Z_][a-zA-Z0-9_]*</c>, label values and help text escaped as the format requires.
/// </summary>
internal static class PrometheusNaming
{
    /// <summary><c>api.requests.total</c> becomes <c>api_requests_total</c>; a leading digit gets a <c>_</c> prefix.</summary>
    public static string SanitizeMetricName(string name) => Sanitize(name);

    /// <summary>Label names follow the metric rule; names starting with <c>__</c> are reserved by Prometheus, so one underscore is dropped.</summary>
    public static string SanitizeLabelName(string name)
    {
        var sanitized = Sanitize(name);
        while (sanitized.StartsWith("__", StringComparison.Ordinal))
        {
            sanitized = sanitized[1..];
        }

        return sanitized;
    }

    private static string Sanitize(string name)
    {
        var needsPrefix = name.Length == 0 || char.IsAsciiDigit(name[0]);
        var clean = true;
        foreach (var c in name)
        {
            if (!IsNameChar(c))
            {
                clean = false;
                break;
            }
        }

        if (clean && !needsPrefix) return name;

        var builder = new StringBuilder(name.Length + 1);
        if (needsPrefix) builder.Append('_');
        foreach (var c in name)
        {
            builder.Append(IsNameChar(c) ? c : '_');
        }

        return builder.ToString();
    }

    private static bool IsNameChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';

    /// <summary>Escapes a label value: backslash, double quote and line feed.</summary>
    public static string EscapeLabelValue(string value)
    {
        if (value.AsSpan().IndexOfAny('\\', '"', '\n') < 0) return value;
        return value.Replace("\\", "\\\\", StringComparison.Ordinal)
            .Replace("\"", "\\\"", StringComparison.Ordinal)
            .Replace("\n", "\\n", StringComparison.Ordinal);
    }

    /// <summary>Escapes help text: backslash and line feed (quotes are literal in HELP lines).</summary>
    public static string EscapeHelp(string help)
    {
        if (help.AsSpan().IndexOfAny('\\', '\n') < 0) return help;
        return help.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
    }

    /// <summary>Renders <c>a="1",b="2"</c> (no braces) for a validated, sorted label set.</summary>
    public static string RenderLabelPairs(ReadOnlySpan<(string Key, string Value)> pairs)
    {
        if (pairs.Length == 0) return string.Empty;
        var builder = new StringBuilder();
        for (var i = 0; i < pairs.Length; i++)
        {
            if (i > 0) builder.Append(',');
            builder.Append(SanitizeLabelName(pairs[i].Key)).Append("=\"").Append(EscapeLabelValue(pairs[i].Value)).Append('"');
        }

        return builder.ToString();
    }

    /// <summary>Formats a sample value as Go's parser reads it: shortest round-trip, <c>+Inf</c>, <c>-Inf</c>, <c>NaN</c>.</summary>
    public static string FormatDouble(double value)
    {
        if (double.IsPositiveInfinity(value)) return "+Inf";
        if (double.IsNegativeInfinity(value)) return "-Inf";
        if (double.IsNaN(value)) return "NaN";
        return value.ToString("R", CultureInfo.InvariantCulture);
    }

    /// <summary>Writes a sample value as UTF-8 into <paramref name="destination"/>.</summary>
    public static bool TryFormatDouble(double value, Span<byte> destination, out int written)
    {
        // Counters and bucket counts are whole numbers: formatting them as integers is several times
        // cheaper than the shortest round-trip form, and prints the same digits below 1e15 ("R" switches
        // to exponent notation only from there). Negative zero keeps its sign through "R".
        if (Math.Abs(value) < 1e15 && value == Math.Truncate(value) && !(value == 0 && double.IsNegative(value)))
        {
            return ((long)value).TryFormat(destination, out written, provider: CultureInfo.InvariantCulture);
        }

        if (double.IsFinite(value))
        {
            return value.TryFormat(destination, out written, "R", CultureInfo.InvariantCulture);
        }

        ReadOnlySpan<byte> text = double.IsNaN(value) ? "NaN"u8 : value > 0 ? "+Inf"u8 : "-Inf"u8;
        written = text.Length;
        return text.TryCopyTo(destination);
    }
}
