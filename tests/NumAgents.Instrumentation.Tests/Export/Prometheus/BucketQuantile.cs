using System.Globalization;

namespace NumAgents.Instrumentation.Tests.Export.Prometheus;

/// <summary>
/// A quantile estimated from a histogram's exported buckets the way Prometheus' <c>histogram_quantile</c>
/// does (linear interpolation inside the bucket that holds the rank), computed from our own exposition.
/// </summary>
internal static class BucketQuantile
{
    public static double FromOpenMetrics(string exposition, string family, double quantile)
    {
        var buckets = exposition.Split('\n')
            .Where(line => line.StartsWith(family + "_bucket{", StringComparison.Ordinal))
            .Select(line =>
            {
                var le = line[(line.IndexOf("le=\"", StringComparison.Ordinal) + 4)..];
                le = le[..le.IndexOf('"', StringComparison.Ordinal)];
                var afterLabels = line[(line.IndexOf("} ", StringComparison.Ordinal) + 2)..];
                var count = afterLabels.Split(' ')[0];
                return (Bound: le == "+Inf" ? double.PositiveInfinity : double.Parse(le, CultureInfo.InvariantCulture), Count: double.Parse(count, CultureInfo.InvariantCulture));
            })
            .ToList();

        var rank = quantile * buckets[^1].Count;
        var index = buckets.FindIndex(b => b.Count >= rank);
        if (double.IsPositiveInfinity(buckets[index].Bound)) return buckets[^2].Bound;
        var (lower, below) = index == 0 ? (0.0, 0.0) : buckets[index - 1];
        return lower + ((buckets[index].Bound - lower) * (rank - below) / (buckets[index].Count - below));
    }
}
