namespace NumAgents.Instrumentation;

/// <summary>Bucket boundaries for histograms and timers.</summary>
public static class HistogramBuckets
{
    /// <summary>Upper bounds suited to durations in milliseconds, from 0.5 ms to 10 s (<c>+Inf</c> is always added).</summary>
    public static IReadOnlyList<double> DefaultMilliseconds { get; } = [0.5, 1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000];

    /// <summary><paramref name="count"/> bounds starting at <paramref name="start"/>, each <paramref name="factor"/> times the previous.</summary>
    /// <param name="start">The first bound, greater than 0.</param>
    /// <param name="factor">The growth factor, greater than 1.</param>
    /// <param name="count">The number of bounds, at least 1.</param>
    public static double[] Exponential(double start, double factor, int count)
    {
        if (!(start > 0) || !double.IsFinite(start)) throw new ArgumentOutOfRangeException(nameof(start), start, "The first bucket bound must be finite and greater than 0.");
        if (!(factor > 1) || !double.IsFinite(factor)) throw new ArgumentOutOfRangeException(nameof(factor), factor, "The bucket factor must be finite and greater than 1.");
        if (count < 1) throw new ArgumentOutOfRangeException(nameof(count), count, "At least one bucket bound is needed.");
        var bounds = new double[count];
        var bound = start;
        for (var i = 0; i < count; i++)
        {
            bounds[i] = bound;
            bound *= factor;
        }

        return bounds;
    }

    /// <summary>Checks that bounds are finite and strictly increasing; the message names <paramref name="owner"/>.</summary>
    internal static double[] Validate(string owner, IReadOnlyList<double>? bounds)
    {
        if (bounds is null) throw new ArgumentNullException(nameof(bounds), $"{owner}: bucket bounds are null.");
        var copy = bounds.ToArray();
        for (var i = 0; i < copy.Length; i++)
        {
            if (!double.IsFinite(copy[i]))
            {
                throw new ArgumentException($"{owner}: bucket bound {copy[i]} is not finite (+Inf is always added).", nameof(bounds));
            }

            if (i > 0 && !(copy[i] > copy[i - 1]))
            {
                throw new ArgumentException($"{owner}: bucket bounds must increase strictly; {copy[i]} follows {copy[i - 1]}.", nameof(bounds));
            }
        }

        return copy;
    }
}
