using NumAgents.Instrumentation.Naming;

namespace NumAgents.Instrumentation.Metrics.Views;

/// <summary>
/// What an exporter may read of one metric family: its identity, bounds and series, plus a slot where the
/// exporter keeps what it derives (rendered names). Exporters see families only through this view, never
/// the collector's internals, so the collector can change how it stores them.
/// </summary>
internal readonly struct MetricFamilyView
{
    private readonly MetricFamily _family;

    internal MetricFamilyView(MetricFamily family) => _family = family;

    public string Name => _family.Name;

    public MetricType Type => _family.Type;

    public bool IsHistogram => _family.IsHistogram;

    /// <summary>The first description given, or <see langword="null"/>.</summary>
    public string? Description => _family.Description;

    /// <summary>Every name the family exports under, unit included.</summary>
    public PrometheusFamilyName ExportNames => _family.ExportNames;

    /// <summary>Bucket upper bounds, ascending, without <c>+Inf</c>; empty for counters and gauges.</summary>
    public ReadOnlySpan<double> Buckets => _family.Buckets;

    /// <summary>The series in creation order, as they are now (a series created meanwhile may be missing).</summary>
    public MetricSeriesList Series => new(_family.OrderedSeries);

    /// <summary>The exporter's own state for this family; it lives and dies with the family.</summary>
    public ref object? ExporterState => ref _family.ExporterState;
}
