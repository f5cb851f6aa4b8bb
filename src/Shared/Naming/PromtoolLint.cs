namespace NumAgents.Instrumentation.Naming;

/// <summary>
/// The naming advice <c>promtool check metrics</c> reports (its <c>promlint</c> rules), applied to one exported
/// family, with promtool's own wording so the analyzers' warning reads like the CI failure it prevents.
/// </summary>
/// <remarks>
/// promtool exits 3 for any such finding, which fails a CI step that lints metrics. The rules: counters end
/// in <c>_total</c> and nothing else does; <c>_bucket</c>, <c>_count</c>, <c>_sum</c> and the <c>le</c> and
/// <c>quantile</c> labels belong to histograms and summaries; names carry base units spelled out
/// (<c>seconds</c>, <c>bytes</c>), no abbreviations, no type names, no colons and no camelCase. A test runs the
/// real promtool over the same names and requires the same findings.
/// </remarks>
internal static class PromtoolLint
{
    private static readonly System.Collections.Generic.Dictionary<string, string> BaseUnits = new(System.StringComparer.Ordinal)
    {
        ["amperes"] = "amperes",
        ["bytes"] = "bytes",
        ["celsius"] = "celsius",
        ["grams"] = "grams",
        ["joules"] = "joules",
        ["kelvin"] = "kelvin",
        ["meters"] = "meters",
        ["metres"] = "metres",
        ["seconds"] = "seconds",
        ["volts"] = "volts",
        ["minutes"] = "seconds",
        ["hours"] = "seconds",
        ["days"] = "seconds",
        ["weeks"] = "seconds",
        ["kelvins"] = "kelvin",
        ["fahrenheit"] = "celsius",
        ["rankine"] = "celsius",
        ["inches"] = "meters",
        ["yards"] = "meters",
        ["miles"] = "meters",
        ["bits"] = "bytes",
        ["calories"] = "joules",
        ["pounds"] = "grams",
        ["ounces"] = "grams",
    };

    private static readonly string[] UnitPrefixes =
    {
        "pico", "nano", "micro", "milli", "centi", "deci", "deca", "hecto", "kilo", "kibi", "mega", "mibi", "giga", "gibi", "tera", "tebi", "peta", "pebi",
    };

    private static readonly string[] UnitAbbreviations = { "s", "ms", "us", "ns", "sec", "b", "kb", "mb", "gb", "tb", "pb", "m", "h", "d" };

    private static readonly string[] TypeNames = { "counter", "gauge", "summary", "histogram", "gauge_histogram" };

    /// <summary>
    /// What promtool reports for the family <paramref name="familyName"/> as written in the text format 0.0.4
    /// (a conventional counter with its <c>_total</c>) with series labelled <paramref name="labelNames"/>.
    /// </summary>
    public static System.Collections.Generic.IReadOnlyList<string> Problems(string familyName, PrometheusMetricKind kind, System.Collections.Generic.IEnumerable<string> labelNames)
    {
        var problems = new System.Collections.Generic.List<string>(NameProblems(familyName, kind));
        problems.AddRange(LabelProblems(kind, labelNames));
        return problems;
    }

    /// <summary>What promtool reports about the family name itself, each finding once.</summary>
    public static System.Collections.Generic.IReadOnlyList<string> NameProblems(string familyName, PrometheusMetricKind kind)
    {
        var problems = new System.Collections.Generic.List<string>();
        var isCounter = kind == PrometheusMetricKind.Counter;
        var isHistogram = kind is PrometheusMetricKind.Histogram or PrometheusMetricKind.Timer;
        var lower = familyName.ToLowerInvariant();

        var unit = FindUnit(familyName);
        if (unit is { } found && found.Unit != found.Base) problems.Add("use base unit \"" + found.Base + "\" instead of \"" + found.Unit + "\"");

        var hasTotal = familyName.EndsWith("_total", System.StringComparison.Ordinal);
        if (isCounter && !hasTotal) problems.Add("counter metrics should have \"_total\" suffix");
        if (!isCounter && hasTotal) problems.Add("non-counter metrics should not have \"_total\" suffix");

        if (!isHistogram && familyName.EndsWith("_bucket", System.StringComparison.Ordinal)) problems.Add("non-histogram metrics should not have \"_bucket\" suffix");
        if (!isHistogram && familyName.EndsWith("_count", System.StringComparison.Ordinal)) problems.Add("non-histogram and non-summary metrics should not have \"_count\" suffix");
        if (!isHistogram && familyName.EndsWith("_sum", System.StringComparison.Ordinal)) problems.Add("non-histogram and non-summary metrics should not have \"_sum\" suffix");

        foreach (var type in TypeNames)
        {
            if (ContainsWord(lower, type)) problems.Add("metric name should not include type '" + type + "'");
        }

        if (familyName.IndexOf(':') >= 0) problems.Add("metric names should not contain ':'");
        if (IsCamelCase(familyName)) problems.Add("metric names should be written in 'snake_case' not 'camelCase'");
        foreach (var abbreviation in UnitAbbreviations)
        {
            if (ContainsWord(lower, abbreviation))
            {
                problems.Add("metric names should not contain abbreviated units");
                break;
            }
        }

        return problems;
    }

    /// <summary>What promtool reports about the (exported) label names of a family's series, each finding once.</summary>
    public static System.Collections.Generic.IReadOnlyList<string> LabelProblems(PrometheusMetricKind kind, System.Collections.Generic.IEnumerable<string> labelNames)
    {
        var problems = new System.Collections.Generic.List<string>();
        var isHistogram = kind is PrometheusMetricKind.Histogram or PrometheusMetricKind.Timer;
        var labels = new System.Collections.Generic.List<string>(labelNames);
        if (!isHistogram && labels.Contains(PrometheusLabelRules.BucketBoundLabel)) problems.Add("non-histogram metrics should not have \"le\" label");
        if (labels.Contains("quantile")) problems.Add("non-summary metrics should not have \"quantile\" label");
        foreach (var label in labels)
        {
            if (IsCamelCase(label))
            {
                problems.Add("label names should be written in 'snake_case' not 'camelCase'");
                break;
            }
        }

        return problems;
    }

    /// <summary>The first word of the name that is a known unit, with or without an SI or binary prefix.</summary>
    private static (string Unit, string Base)? FindUnit(string name)
    {
        foreach (var word in name.Split('_'))
        {
            if (BaseUnits.TryGetValue(word, out var direct)) return (word, direct);
            foreach (var prefix in UnitPrefixes)
            {
                if (word.Length > prefix.Length && word.StartsWith(prefix, System.StringComparison.Ordinal) && BaseUnits.TryGetValue(word.Substring(prefix.Length), out var prefixed))
                {
                    return (word, prefixed);
                }
            }
        }

        return null;
    }

    /// <summary><c>_word_</c> inside the name or <c>_word</c> at its end.</summary>
    private static bool ContainsWord(string name, string word)
        => name.IndexOf("_" + word + "_", System.StringComparison.Ordinal) >= 0 || name.EndsWith("_" + word, System.StringComparison.Ordinal);

    private static bool IsCamelCase(string name)
    {
        for (var i = 1; i < name.Length; i++)
        {
            if (name[i - 1] is >= 'a' and <= 'z' && name[i] is >= 'A' and <= 'Z') return true;
        }

        return false;
    }
}
