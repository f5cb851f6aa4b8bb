using System.Text;

namespace NumAgents.Instrumentation.Export.Prometheus;

/// <summary>
/// What each exposition escapes. Label values: backslash, double quote and line feed in both. Help text:
/// backslash and line feed in the text format 0.0.4, where quotes are literal, and the double quote too in
/// OpenMetrics, whose help is an escaped string like a label value.
/// </summary>
internal static class PrometheusEscaping
{
    public static string EscapeLabelValue(string value)
    {
        if (value.AsSpan().IndexOfAny('\\', '"', '\n') < 0) return value;
        return value.Replace("\\", "\\\\", StringComparison.Ordinal)
            .Replace("\"", "\\\"", StringComparison.Ordinal)
            .Replace("\n", "\\n", StringComparison.Ordinal);
    }

    public static string EscapeHelp(string help, bool openMetrics)
    {
        if (openMetrics) return EscapeLabelValue(help);
        if (help.AsSpan().IndexOfAny('\\', '\n') < 0) return help;
        return help.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
    }

    /// <summary><c>a="1",b="2"</c> (no braces) in UTF-8 for validated pairs: names sanitized, values escaped.</summary>
    public static byte[] RenderLabelPairs(ReadOnlySpan<(string Key, string Value)> pairs)
    {
        if (pairs.Length == 0) return [];
        var builder = new StringBuilder();
        for (var i = 0; i < pairs.Length; i++)
        {
            if (i > 0) builder.Append(',');
            builder.Append(Naming.PrometheusNameSanitizer.SanitizeLabelName(pairs[i].Key)).Append("=\"").Append(EscapeLabelValue(pairs[i].Value)).Append('"');
        }

        return Encoding.UTF8.GetBytes(builder.ToString());
    }
}
