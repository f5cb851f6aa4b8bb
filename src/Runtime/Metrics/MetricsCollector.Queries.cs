using NumAgents.Instrumentation.Metrics;

namespace NumAgents.Instrumentation;

// Reading what was recorded: values, statistics and snapshots of series.
public sealed partial class MetricsCollector
{
    /// <summary>The counter's total, or 0 when the series does not exist.</summary>
    /// <param name="name">The metric name.</param>
    /// <param name="labels">The series' labels.</param>
    public double GetCounterValue(string name, in Labels labels = default)
        => TryFind(name, MetricType.Counter, labels) is CounterHandle counter ? counter.Value : 0;

    /// <summary>
    /// The gauge's value, or <see langword="null"/> when the series does not exist (or, for an
    /// <see cref="ObservableGauge"/>, when its callback failed; the failure is counted).
    /// </summary>
    /// <param name="name">The metric name.</param>
    /// <param name="labels">The series' labels.</param>
    public double? GetGaugeValue(string name, in Labels labels = default)
        => TryFind(name, MetricType.Gauge, labels) is GaugeHandle gauge && gauge.TryRead(out var value) ? value : null;

    /// <summary>Statistics of a histogram or timer series (all zero when it does not exist).</summary>
    /// <param name="name">The metric name.</param>
    /// <param name="labels">The series' labels.</param>
    public HistogramStats GetHistogramStats(string name, in Labels labels = default)
    {
        var handle = TryFind(name, MetricType.Histogram, labels) ?? TryFind(name, MetricType.Timer, labels);
        return handle is HistogramHandle histogram ? histogram.GetStats() : HistogramStats.Empty;
    }

    /// <summary>One <see cref="Metric"/> per label set of <paramref name="name"/> (empty when unknown).</summary>
    /// <param name="name">The metric name.</param>
    public IReadOnlyList<Metric> GetMetric(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return _registry.FindByValue(name) is { } family ? Snapshot(family) : [];
    }

    /// <summary>Every series, grouped by metric name, in the order of their sanitized names.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<Metric>> GetAllMetrics()
    {
        var all = new Dictionary<string, IReadOnlyList<Metric>>(StringComparer.Ordinal);
        foreach (var family in _registry.Sorted())
        {
            all[family.Name] = Snapshot(family);
        }

        return all;
    }

    private MetricHandle? TryFind(string name, MetricType type, in Labels labels)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (_registry.FindByValue(name) is not { } family || family.Type != type) return null;
        return family.TryGet(labels, out var handle) ? handle : null;
    }

    private static List<Metric> Snapshot(MetricFamily family)
    {
        var series = family.OrderedSeries;
        var metrics = new List<Metric>(series.Length);
        foreach (var handle in series)
        {
            metrics.Add(handle.Snapshot(handle.ObserveTimestamp()));
        }

        return metrics;
    }
}
