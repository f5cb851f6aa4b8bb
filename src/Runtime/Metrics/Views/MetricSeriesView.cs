using NumAgents.Instrumentation.Metrics.Exemplars;

namespace NumAgents.Instrumentation.Metrics.Views;

/// <summary>
/// What an exporter may read of one series: labels, creation time, a consistent copy of its value(s) and
/// exemplars, plus a slot where the exporter keeps what it derives (the rendered label block).
/// </summary>
internal readonly struct MetricSeriesView
{
    private readonly MetricHandle _handle;

    internal MetricSeriesView(MetricHandle handle) => _handle = handle;

    /// <summary>The validated label pairs, sorted by key.</summary>
    public ReadOnlySpan<(string Key, string Value)> Labels => _handle.LabelSet.Pairs;

    /// <summary>When the series was created, in <see cref="DateTimeOffset.UtcTicks"/>.</summary>
    public long CreatedUtcTicks => _handle.CreatedUtcTicks;

    /// <summary>The exporter's own state for this series; it lives and dies with the series.</summary>
    public ref object? ExporterState => ref _handle.ExporterState;

    /// <summary>A counter's total (a counter series only).</summary>
    public double CounterValue => ((CounterHandle)_handle).Value;

    /// <summary>A counter's kept exemplar (a counter series only); absent when there is none.</summary>
    public Exemplar CounterExemplar => ((CounterHandle)_handle).ReadExemplar();

    /// <summary>
    /// A gauge's value (a gauge series only); false, with the failure counted, when an observed gauge's
    /// callback failed, so the exporter leaves the series out.
    /// </summary>
    public bool TryReadGauge(out double value) => ((GaugeHandle)_handle).TryRead(out value);

    /// <summary>
    /// A histogram's cumulative bucket counts (one per bound, then +Inf), count, sum and smallest observation,
    /// read consistently, and each bucket's exemplar when <paramref name="exemplars"/> is not empty (a
    /// histogram series only).
    /// </summary>
    public void ReadHistogram(Span<long> cumulativeCounts, Span<Exemplar> exemplars, out long count, out double sum, out double min)
        => ((HistogramHandle)_handle).CopyBuckets(cumulativeCounts, exemplars, out count, out sum, out min);
}
