namespace NumAgents.Instrumentation;

/// <summary>Statistics of one histogram or timer series. All zero when the series is absent or empty.</summary>
/// <param name="Count">The number of observations.</param>
/// <param name="Sum">The sum of the observations.</param>
/// <param name="Min">The smallest observation.</param>
/// <param name="Max">The largest observation.</param>
/// <param name="P50">The median (nearest rank; within 1% past <see cref="HistogramHandle.ExactSampleLimit"/> observations).</param>
/// <param name="P90">The 90th percentile.</param>
/// <param name="P95">The 95th percentile.</param>
/// <param name="P99">The 99th percentile.</param>
public sealed record HistogramStats(long Count, double Sum, double Min, double Max, double P50, double P90, double P95, double P99)
{
    /// <summary>The statistics of an empty series.</summary>
    public static HistogramStats Empty { get; } = new(0, 0, 0, 0, 0, 0, 0, 0);

    /// <summary>The mean observation (0 when empty).</summary>
    public double Avg => Count == 0 ? 0 : Sum / Count;

    /// <summary>The statistics as a dictionary with the guide's keys (<c>count</c>, <c>min</c>, <c>p95</c>...).</summary>
    public IReadOnlyDictionary<string, double> ToDictionary() => new Dictionary<string, double>(StringComparer.Ordinal)
    {
        ["count"] = Count,
        ["sum"] = Sum,
        ["min"] = Min,
        ["max"] = Max,
        ["avg"] = Avg,
        ["p50"] = P50,
        ["p90"] = P90,
        ["p95"] = P95,
        ["p99"] = P99,
    };
}
