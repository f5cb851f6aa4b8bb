namespace NumAgents.Instrumentation.Metrics.Views;

/// <summary>The series of one family at the time it was read, as <see cref="MetricSeriesView"/>s.</summary>
internal readonly ref struct MetricSeriesList
{
    private readonly ReadOnlySpan<MetricHandle> _series;

    internal MetricSeriesList(ReadOnlySpan<MetricHandle> series) => _series = series;

    public int Count => _series.Length;

    public bool IsEmpty => _series.IsEmpty;

    public MetricSeriesView this[int index] => new(_series[index]);
}
