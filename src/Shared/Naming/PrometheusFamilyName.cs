namespace NumAgents.Instrumentation.Naming;

/// <summary>
/// Every name one metric exports under: the family and sample names of the text format 0.0.4 and of
/// OpenMetrics 1.0, with conventional naming (counters end in <c>_total</c>, timers are reported in seconds as
/// <c>_seconds</c>, a declared unit becomes a suffix) and with the legacy naming (the name as given,
/// timers in milliseconds).
/// </summary>
/// <remarks>
/// <para>
/// The runtime writes with these names and rejects a metric whose names clash with another's in any of the
/// four expositions; the analyzers predict the same clashes from the same code. Conventional naming follows
/// the Prometheus naming guide and OpenTelemetry's Prometheus compatibility rules: the unit suffix comes
/// before the type suffix, and a suffix already present is not repeated.
/// </para>
/// <para>
/// OpenMetrics names a counter family without <c>_total</c> and requires it on the sample, whatever the
/// naming; counters and histograms also write <c>_created</c> there.
/// </para>
/// </remarks>
internal sealed class PrometheusFamilyName
{
    private const string Total = "_total";
    private const string Seconds = "seconds";

    private static readonly string[] HistogramSuffixes = { "_bucket", "_sum", "_count" };

    private PrometheusFamilyName(string name, PrometheusMetricKind kind, string? unit)
    {
        Name = name;
        Kind = kind;
        Unit = unit;
        Sanitized = PrometheusNameSanitizer.SanitizeMetricName(name);
        ConventionalUnit = kind == PrometheusMetricKind.Timer ? Seconds : PrometheusUnits.Suffix(unit, kind);
        ConventionalBase = BuildConventionalBase();
        LegacyOpenMetricsBase = kind == PrometheusMetricKind.Counter ? WithoutSuffix(Sanitized, Total) : Sanitized;
    }

    /// <summary>The metric name as the application gave it.</summary>
    public string Name { get; }

    public PrometheusMetricKind Kind { get; }

    /// <summary>The declared unit (UCUM), or <see langword="null"/>.</summary>
    public string? Unit { get; }

    /// <summary>The name with invalid characters replaced: the legacy text family name.</summary>
    public string Sanitized { get; }

    /// <summary>The unit word conventional naming appends (<c>seconds</c>, <c>bytes</c>, <c>ratio</c>), or empty.</summary>
    public string ConventionalUnit { get; }

    public bool IsHistogram => Kind is PrometheusMetricKind.Histogram or PrometheusMetricKind.Timer;

    /// <summary>The conventional name without a counter's <c>_total</c>: <c>node_duration_seconds</c>, <c>nodes_executed</c>.</summary>
    private string ConventionalBase { get; }

    private string LegacyOpenMetricsBase { get; }

    public static PrometheusFamilyName Create(string name, PrometheusMetricKind kind, string? unit) => new(name, kind, unit);

    /// <summary>The name after <c># TYPE</c>, <c># HELP</c> and <c># UNIT</c>.</summary>
    public string FamilyName(bool conventional, bool openMetrics)
    {
        if (openMetrics) return conventional ? ConventionalBase : LegacyOpenMetricsBase;
        if (!conventional) return Sanitized;
        return Kind == PrometheusMetricKind.Counter ? ConventionalBase + Total : ConventionalBase;
    }

    /// <summary>
    /// The name each sample line starts with, before <c>_bucket</c>, <c>_sum</c>, <c>_count</c> or
    /// <c>_created</c>: a counter's <c>_total</c> is part of it, since it is the counter's sample name.
    /// </summary>
    public string SampleName(bool conventional, bool openMetrics)
        => Kind == PrometheusMetricKind.Counter && openMetrics ? FamilyName(conventional, openMetrics) + Total : FamilyName(conventional, openMetrics);

    /// <summary>
    /// The unit for OpenMetrics' <c># UNIT</c> line, or <see langword="null"/>: OpenMetrics requires the unit to
    /// be a suffix of the family name, which conventional naming ensures and the legacy naming only has by chance.
    /// </summary>
    public string? OpenMetricsUnit(bool conventional)
    {
        var unit = conventional ? ConventionalUnit : Kind == PrometheusMetricKind.Timer ? "milliseconds" : PrometheusUnits.Suffix(Unit, Kind);
        if (unit.Length == 0) return null;
        var family = FamilyName(conventional, openMetrics: true);
        return family.Length > unit.Length && EndsWithWord(family, unit) ? unit : null;
    }

    /// <summary>The factor applied to values and bucket bounds at export: timers recorded in milliseconds are reported in seconds.</summary>
    public double ValueScale(bool conventional) => conventional && Kind == PrometheusMetricKind.Timer ? 0.001 : 1;

    /// <summary>
    /// Every family and sample name of this metric, each tagged with the exposition it appears in, so that
    /// two metrics whose claims intersect would write one name twice in some scrape.
    /// </summary>
    public System.Collections.Generic.IEnumerable<string> Claims()
    {
        foreach (var conventional in new[] { true, false })
        {
            foreach (var openMetrics in new[] { false, true })
            {
                var tag = (conventional ? "conventional " : "legacy ") + (openMetrics ? "openmetrics:" : "text:");
                var family = FamilyName(conventional, openMetrics);
                var sample = SampleName(conventional, openMetrics);
                yield return tag + family;
                if (sample != family) yield return tag + sample;
                if (IsHistogram)
                {
                    foreach (var suffix in HistogramSuffixes)
                    {
                        yield return tag + sample + suffix;
                    }
                }

                if (openMetrics && Kind != PrometheusMetricKind.Gauge) yield return tag + family + "_created";
            }
        }
    }

    /// <summary>The name a claim from <see cref="Claims"/> is about, without the exposition it is tagged with.</summary>
    public static string ClaimedName(string claim) => claim.Substring(claim.IndexOf(':') + 1);

    private string BuildConventionalBase()
    {
        var name = Sanitized;
        if (Kind == PrometheusMetricKind.Counter) name = WithoutSuffix(name, Total);

        // A timer's values are converted to seconds, so a name that says milliseconds would lie about them.
        if (Kind == PrometheusMetricKind.Timer) name = WithoutSuffix(WithoutSuffix(name, "_milliseconds"), "_ms");
        if (ConventionalUnit.Length == 0 || name == ConventionalUnit || EndsWithWord(name, ConventionalUnit)) return name;
        return name + "_" + ConventionalUnit;
    }

    /// <summary>Whether <paramref name="name"/> ends with <c>_</c> followed by <paramref name="word"/>.</summary>
    private static bool EndsWithWord(string name, string word)
        => name.Length > word.Length && name[name.Length - word.Length - 1] == '_' && name.EndsWith(word, System.StringComparison.Ordinal);

    /// <summary>The name without a trailing <paramref name="suffix"/>, unless nothing would be left.</summary>
    private static string WithoutSuffix(string name, string suffix)
        => name.Length > suffix.Length && name.EndsWith(suffix, System.StringComparison.Ordinal) ? name.Substring(0, name.Length - suffix.Length) : name;
}
