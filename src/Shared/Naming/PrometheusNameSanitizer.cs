namespace NumAgents.Instrumentation.Naming;

/// <summary>
/// Maps any metric or label name onto the Prometheus name syntax <c>[a-zA-Z_][a-zA-Z0-9_]*</c>: every other
/// character becomes <c>_</c> and a leading digit gets a <c>_</c> prefix; a label name keeps no leading
/// <c>__</c>, which Prometheus reserves for its own labels.
/// </summary>
/// <remarks>
/// Compiled into the runtime and the analyzers from this one file, so the name a metric exports as and the
/// name the analyzers predict for it can never differ. Shared by projects with and without implicit
/// usings, so <c>System</c> types are written in full.
/// </remarks>
internal static class PrometheusNameSanitizer
{
    /// <summary><c>api.requests.total</c> becomes <c>api_requests_total</c>; <c>9lives</c> becomes <c>_9lives</c>.</summary>
    public static string SanitizeMetricName(string name)
    {
        var needsPrefix = name.Length == 0 || IsAsciiDigit(name[0]);
        if (!needsPrefix && IsClean(name)) return name;

        var builder = new System.Text.StringBuilder(name.Length + 1);
        if (needsPrefix) builder.Append('_');
        foreach (var c in name)
        {
            builder.Append(IsNameChar(c) ? c : '_');
        }

        return builder.ToString();
    }

    /// <summary>Sanitized like a metric name, then stripped of leading underscores until at most one remains.</summary>
    public static string SanitizeLabelName(string name)
    {
        var sanitized = SanitizeMetricName(name);
        var start = 0;
        while (sanitized.Length - start >= 2 && sanitized[start] == '_' && sanitized[start + 1] == '_')
        {
            start++;
        }

        return start == 0 ? sanitized : sanitized.Substring(start);
    }

    /// <summary>Whether <paramref name="name"/> is already a Prometheus name, so sanitizing leaves it unchanged.</summary>
    public static bool IsPrometheusName(string name) => name.Length > 0 && !IsAsciiDigit(name[0]) && IsClean(name);

    /// <summary>
    /// Why <paramref name="name"/> makes no meaningful Prometheus metric name even after sanitizing, or
    /// <see langword="null"/>: empty or whitespace (the runtime rejects it), nothing but underscores left, or a
    /// leading <c>__</c> (reserved for Prometheus itself).
    /// </summary>
    public static string? WhyUnusableMetricName(string name)
    {
        if (name.Trim().Length == 0) return "it is empty or whitespace, which the runtime rejects";

        var sanitized = SanitizeMetricName(name);
        if (sanitized.Trim('_').Length == 0)
        {
            return "it becomes '" + sanitized + "', which has no letter or digit left";
        }

        if (sanitized.StartsWith("__", System.StringComparison.Ordinal))
        {
            return "it becomes '" + sanitized + "', and names starting with '__' are reserved for Prometheus itself";
        }

        return null;
    }

    public static bool IsNameChar(char c) => c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9' or '_';

    private static bool IsAsciiDigit(char c) => c is >= '0' and <= '9';

    private static bool IsClean(string name)
    {
        foreach (var c in name)
        {
            if (!IsNameChar(c)) return false;
        }

        return true;
    }
}
