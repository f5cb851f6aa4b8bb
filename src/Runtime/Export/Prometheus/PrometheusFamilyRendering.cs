using System.Text;
using NumAgents.Instrumentation.Metrics.Views;

namespace NumAgents.Instrumentation.Export.Prometheus;

/// <summary>
/// One family's names, metadata lines and bucket labels in UTF-8 for one exposition (format and naming),
/// rendered on the first scrape that needs them and reused by every later one, so a scrape copies bytes and
/// formats numbers. Immutable once built.
/// </summary>
internal sealed class PrometheusFamilyRendering
{
    private PrometheusFamilyRendering(MetricFamilyView family, bool conventional, bool openMetrics)
    {
        var names = family.ExportNames;
        Description = family.Description;
        Scale = names.ValueScale(conventional);
        var familyName = names.FamilyName(conventional, openMetrics);
        FamilyName = Encoding.UTF8.GetBytes(familyName);
        SampleName = Encoding.UTF8.GetBytes(names.SampleName(conventional, openMetrics));
        Header = Encoding.UTF8.GetBytes(RenderHeader(family, familyName, names.OpenMetricsUnit(conventional), openMetrics));
        BucketLabels = new byte[family.Buckets.Length + 1][];
        for (var i = 0; i < family.Buckets.Length; i++)
        {
            BucketLabels[i] = Encoding.UTF8.GetBytes("le=\"" + PrometheusNumbers.Format(family.Buckets[i] * Scale) + "\"");
        }

        BucketLabels[^1] = "le=\"+Inf\""u8.ToArray();
        HasNegativeBounds = family.Buckets.Length > 0 && family.Buckets[0] < 0;
    }

    /// <summary>The description the header was written with; a family's first description can arrive after its first scrape.</summary>
    public string? Description { get; }

    /// <summary>The factor from recorded values to exported ones (timers: milliseconds to seconds).</summary>
    public double Scale { get; }

    /// <summary>The family name (OpenMetrics writes <c>_created</c> after it).</summary>
    public byte[] FamilyName { get; }

    /// <summary>What every sample line starts with (a counter's <c>_total</c> included).</summary>
    public byte[] SampleName { get; }

    /// <summary>The <c># HELP</c>, <c># TYPE</c> (and OpenMetrics' <c># UNIT</c>) lines.</summary>
    public byte[] Header { get; }

    /// <summary><c>le="..."</c> for each bound, scaled, then <c>le="+Inf"</c>.</summary>
    public byte[][] BucketLabels { get; }

    /// <summary>Whether some bucket bound is negative, which OpenMetrics forbids a <c>_sum</c> with.</summary>
    public bool HasNegativeBounds { get; }

    /// <summary>The rendering of <paramref name="family"/> for one exposition, built once and kept in the family's exporter slot.</summary>
    public static PrometheusFamilyRendering For(MetricFamilyView family, bool conventional, bool openMetrics)
    {
        // This exporter is the only writer of the family's slot: it holds the four variants or nothing.
        ref var state = ref family.ExporterState;
        if (Volatile.Read(ref state) is null) Interlocked.CompareExchange(ref state, new PrometheusFamilyRendering?[4], null);
        var variants = (PrometheusFamilyRendering?[])Volatile.Read(ref state)!;

        var index = (conventional ? 0 : 2) + (openMetrics ? 1 : 0);
        var rendering = Volatile.Read(ref variants[index]);
        if (rendering is not null && ReferenceEquals(rendering.Description, family.Description)) return rendering;

        // Two scrapes racing here build the same bytes; either result is right.
        rendering = new PrometheusFamilyRendering(family, conventional, openMetrics);
        Volatile.Write(ref variants[index], rendering);
        return rendering;
    }

    private static string RenderHeader(MetricFamilyView family, string familyName, string? unit, bool openMetrics)
    {
        var help = PrometheusEscaping.EscapeHelp(family.Description ?? family.Name, openMetrics);
        var type = family.Type switch
        {
            MetricType.Counter => "counter",
            MetricType.Gauge => "gauge",
            _ => "histogram",
        };

        if (!openMetrics) return $"# HELP {familyName} {help}\n# TYPE {familyName} {type}\n";
        var unitLine = unit is null ? string.Empty : $"# UNIT {familyName} {unit}\n";
        return $"# TYPE {familyName} {type}\n{unitLine}# HELP {familyName} {help}\n";
    }
}
