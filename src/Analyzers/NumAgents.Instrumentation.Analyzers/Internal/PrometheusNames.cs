using System.Text;

namespace NumAgents.Instrumentation.Analyzers.Internal;

/// <summary>
/// The runtime's Prometheus naming, repeated here because the analyzer must not reference the runtime:
/// every character outside <c>[a-zA-Z0-9_]</c> becomes <c>_</c>, a leading digit gets a <c>_</c> prefix,
/// and a histogram or timer also claims <c>_bucket</c>, <c>_sum</c> and <c>_count</c>.
/// </summary>
internal static class PrometheusNames
{
    private static readonly string[] HistogramSuffixes = { "_bucket", "_sum", "_count" };

    public static string Sanitize(string name)
    {
        var builder = new StringBuilder(name.Length + 1);
        if (name.Length == 0 || IsAsciiDigit(name[0])) builder.Append('_');
        foreach (var c in name)
        {
            builder.Append(IsNameChar(c) ? c : '_');
        }

        return builder.ToString();
    }

    /// <summary>Every sample name a metric of <paramref name="kind"/> writes.</summary>
    public static IEnumerable<string> SampleNames(string sanitized, MetricKind kind)
    {
        yield return sanitized;
        if (kind is MetricKind.Histogram or MetricKind.Timer)
        {
            foreach (var suffix in HistogramSuffixes)
            {
                yield return sanitized + suffix;
            }
        }
    }

    /// <summary>Why <paramref name="name"/> makes no usable Prometheus name even after sanitizing, or <see langword="null"/>.</summary>
    public static string? WhyUnusable(string name)
    {
        if (name.Trim().Length == 0) return "it is empty or whitespace, which the runtime rejects";

        var sanitized = Sanitize(name);
        if (sanitized.All(c => c == '_'))
        {
            return "it becomes '" + sanitized + "', which has no letter or digit left";
        }

        if (sanitized.StartsWith("__", StringComparison.Ordinal))
        {
            return "it becomes '" + sanitized + "', and names starting with '__' are reserved for Prometheus itself";
        }

        return null;
    }

    private static bool IsAsciiDigit(char c) => c is >= '0' and <= '9';

    private static bool IsNameChar(char c) => c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9' or '_';
}
