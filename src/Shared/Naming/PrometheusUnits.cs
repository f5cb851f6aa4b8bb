namespace NumAgents.Instrumentation.Naming;

/// <summary>
/// Turns a metric's unit (UCUM, as OpenTelemetry writes it: <c>By</c>, <c>ms</c>, <c>{request}</c>,
/// <c>By/s</c>) into the word Prometheus names carry as a suffix, following OpenTelemetry's Prometheus
/// compatibility rules: annotations in braces are dropped (a count of things has no unit), <c>a/b</c> becomes
/// <c>a_per_b</c>, abbreviations become words, and <c>1</c> (dimensionless) has no suffix except
/// <c>ratio</c> on a gauge. A unit nobody abbreviates is kept, sanitized.
/// </summary>
internal static class PrometheusUnits
{
    /// <summary>The suffix word for <paramref name="unit"/> on a metric of <paramref name="kind"/>; empty when it has none.</summary>
    public static string Suffix(string? unit, PrometheusMetricKind kind)
    {
        if (unit is null) return string.Empty;
        if (unit == "1") return kind == PrometheusMetricKind.Gauge ? "ratio" : string.Empty;

        var plain = WithoutAnnotations(unit);
        var slash = plain.IndexOf('/');
        string word;
        if (slash >= 0 && slash < plain.Length - 1)
        {
            var numerator = Word(plain.Substring(0, slash));
            word = (numerator.Length == 0 ? string.Empty : numerator + "_") + "per_" + PerWord(plain.Substring(slash + 1));
        }
        else
        {
            word = Word(plain);
        }

        return Clean(word);
    }

    /// <summary><c>{request}/s</c> becomes <c>/s</c>: text in braces annotates a unit and is no unit itself.</summary>
    private static string WithoutAnnotations(string unit)
    {
        if (unit.IndexOf('{') < 0) return unit;
        var builder = new System.Text.StringBuilder(unit.Length);
        var depth = 0;
        foreach (var c in unit)
        {
            if (c == '{') depth++;
            else if (c == '}' && depth > 0) depth--;
            else if (depth == 0) builder.Append(c);
        }

        return builder.ToString();
    }

    private static string Word(string unit) => unit switch
    {
        "d" => "days",
        "h" => "hours",
        "min" => "minutes",
        "s" => "seconds",
        "ms" => "milliseconds",
        "us" => "microseconds",
        "ns" => "nanoseconds",
        "By" or "B" => "bytes",
        "KiBy" => "kibibytes",
        "MiBy" => "mebibytes",
        "GiBy" => "gibibytes",
        "TiBy" => "tebibytes",
        "KBy" or "KB" => "kilobytes",
        "MBy" or "MB" => "megabytes",
        "GBy" or "GB" => "gigabytes",
        "TBy" or "TB" => "terabytes",
        "bit" => "bits",
        "m" => "meters",
        "V" => "volts",
        "A" => "amperes",
        "J" => "joules",
        "W" => "watts",
        "g" => "grams",
        "Cel" => "celsius",
        "K" => "kelvin",
        "Hz" => "hertz",
        "%" => "percent",
        "1" => string.Empty,
        _ => unit,
    };

    /// <summary>The denominator of a rate reads in the singular: <c>By/s</c> is <c>bytes_per_second</c>.</summary>
    private static string PerWord(string unit) => unit switch
    {
        "s" => "second",
        "min" or "m" => "minute",
        "h" => "hour",
        "d" => "day",
        "w" or "wk" => "week",
        "mo" => "month",
        "y" or "a" => "year",
        _ => Word(unit),
    };

    /// <summary>Name characters only, no runs of underscores, none at either end.</summary>
    private static string Clean(string word)
    {
        var builder = new System.Text.StringBuilder(word.Length);
        foreach (var c in word)
        {
            var mapped = PrometheusNameSanitizer.IsNameChar(c) ? c : '_';
            if (mapped == '_' && (builder.Length == 0 || builder[builder.Length - 1] == '_')) continue;
            builder.Append(mapped);
        }

        while (builder.Length > 0 && builder[builder.Length - 1] == '_') builder.Length--;
        return builder.ToString();
    }
}
