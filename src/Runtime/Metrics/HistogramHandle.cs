using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using NumAgents.Instrumentation.Metrics;
using NumAgents.Instrumentation.Metrics.Exemplars;

namespace NumAgents.Instrumentation;

/// <summary>
/// A histogram (or timer) series: count, sum, min, max, Prometheus buckets and percentiles.
/// </summary>
/// <remarks>
/// <para>
/// Percentiles are exact (nearest rank) while the series holds at most
/// <see cref="ExactSampleLimit"/> observations; past that, a logarithmic-bucket sketch answers within
/// 1% relative error in at most about 3.5 KiB, whatever the number of observations.
/// </para>
/// <para>
/// A recording holds a per-series spin lock for a few nanoseconds, so that a scrape always sees a
/// consistent series: <c>_count</c> equal to the <c>+Inf</c> bucket, which Prometheus requires.
/// (A spin lock, not <see cref="Lock"/>: the critical section is a handful of stores, and releasing a
/// <see cref="SpinLock"/> without owner tracking is a plain write.)
/// NaN and infinities are rejected: they would poison the sum and every percentile.
/// </para>
/// <para>
/// When its collector belongs to a monitor that traces, each bucket keeps an exemplar: an observation made
/// inside a sampled span, with that span's trace and span ids, taken at most once per bucket per
/// OpenMetrics scrape, so a latency spike links to a trace that caused it. Looking for it costs a recording
/// two loads and a compare, inside the lock it already holds.
/// </para>
/// </remarks>
public sealed class HistogramHandle : MetricHandle
{
    /// <summary>Observations kept exactly before the series switches to the sketch.</summary>
    public const int ExactSampleLimit = 1024;

    private const int InitialSampleCapacity = 16;

    // Mutable struct: never readonly, never copied.
    private SpinLock _lock = new(enableThreadOwnerTracking: false);
    private readonly double[] _searchBounds;
    private readonly long[] _bucketCounts;
    private readonly ExemplarSampler _sampler;

    // One slot per bucket (+Inf included), present while exemplars are taken from spans (or once one is
    // given explicitly); written under the series lock.
    private ExemplarSlot[]? _exemplars;
    private ExemplarBackoff _exemplarBackoff;
    private long _count;
    private double _sum;
    private double _min = double.PositiveInfinity;
    private double _max = double.NegativeInfinity;
    private double[]? _samples;
    private QuantileSketch? _sketch;

    internal HistogramHandle(MetricFamily family, LabelSet labelSet)
        : base(family, labelSet)
    {
        _searchBounds = family.SearchBuckets;
        _bucketCounts = new long[family.Buckets.Length + 1];
        _sampler = family.Collector.Exemplars;
        if (_sampler.Spans is not null) _exemplars = new ExemplarSlot[_bucketCounts.Length];
    }

    /// <summary>The number of observations.</summary>
    public long Count
    {
        get
        {
            using var held = new SeriesLock(ref _lock);
            return _count;
        }
    }

    internal override long Version => Volatile.Read(ref _count);

    /// <summary>Bytes held for percentiles (exact samples or sketch buckets); bounded whatever the count.</summary>
    internal int PercentileBytes
    {
        get
        {
            using var held = new SeriesLock(ref _lock);
            return _sketch?.BucketBytes ?? (_samples?.Length ?? 0) * sizeof(double);
        }
    }

    /// <summary>Records one observation.</summary>
    /// <param name="value">A finite value.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="value"/> is NaN or infinite.</exception>
    // Fully optimized from the first call: tiered PGO sometimes settled on a layout of this method that ran
    // nearly twice as slow (measured), and it is too small and too hot to leave to chance.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Record(double value)
    {
        if (!double.IsFinite(value)) ThrowNonFinite(value);
        if (Retired)
        {
            ResolveSuccessor<HistogramHandle>()?.Record(value);
            return;
        }

        var bucket = BucketIndex(value);
        using (new SeriesLock(ref _lock))
        {
            Add(value, bucket);
            var exemplars = _exemplars;
            if (exemplars is not null && !_exemplarBackoff.Skips() && _sampler.IsDue(exemplars[bucket])) _sampler.Offer(ref exemplars[bucket], ref _exemplarBackoff, value);
        }

        var mirror = Family.MeterHistogram;
        if (mirror is { Enabled: true }) mirror.Record(value, LabelSet.MeterTags);
    }

    /// <summary>
    /// Records one observation and keeps it as the exemplar of its bucket with
    /// <paramref name="exemplarLabels"/> (OpenMetrics only exports exemplars; for example
    /// <c>[("trace_id", span.TraceId)]</c>). The latest explicit exemplar of a bucket wins.
    /// </summary>
    /// <param name="value">A finite value.</param>
    /// <param name="exemplarLabels">The exemplar's labels: names and values of at most 128 code points together, valid UTF-16.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="value"/> is NaN or infinite.</exception>
    /// <exception cref="ArgumentException">An exemplar label is null, duplicated or not valid UTF-16, or the labels are too long; nothing is recorded.</exception>
    public void Record(double value, in Labels exemplarLabels)
    {
        if (!double.IsFinite(value)) ThrowNonFinite(value);
        ExemplarLabels.Validate(Name, exemplarLabels);
        if (Retired)
        {
            ResolveSuccessor<HistogramHandle>()?.Record(value, exemplarLabels);
            return;
        }

        var bucket = BucketIndex(value);
        var slots = _exemplars ?? Interlocked.CompareExchange(ref _exemplars, new ExemplarSlot[_bucketCounts.Length], null) ?? _exemplars;
        var now = _sampler.Now();
        using (new SeriesLock(ref _lock))
        {
            Add(value, bucket);
            _sampler.Keep(ref slots[bucket], value, now, exemplarLabels);
        }

        var mirror = Family.MeterHistogram;
        if (mirror is { Enabled: true }) mirror.Record(value, LabelSet.MeterTags);
    }

    /// <summary>Count, sum, min, max, average and percentiles of this series.</summary>
    public HistogramStats GetStats()
    {
        using (new SeriesLock(ref _lock))
        {
            if (_count == 0) return HistogramStats.Empty;
            if (_sketch is not null)
            {
                return new HistogramStats(_count, _sum, _min, _max,
                    Clamp(_sketch.Quantile(0.50)), Clamp(_sketch.Quantile(0.90)), Clamp(_sketch.Quantile(0.95)), Clamp(_sketch.Quantile(0.99)));
            }

            var sorted = _samples.AsSpan(0, (int)_count).ToArray();
            Array.Sort(sorted);
            return new HistogramStats(_count, _sum, _min, _max,
                NearestRank(sorted, 0.50), NearestRank(sorted, 0.90), NearestRank(sorted, 0.95), NearestRank(sorted, 0.99));
        }
    }

    /// <summary>The value at <paramref name="percentile"/> (0 to 100), exact or within 1%.</summary>
    /// <param name="percentile">The percentile, from 0 to 100.</param>
    public double GetPercentile(double percentile)
    {
        if (!(percentile is >= 0 and <= 100))
        {
            throw new ArgumentOutOfRangeException(nameof(percentile), percentile, $"Histogram '{Name}': a percentile is between 0 and 100.");
        }

        using (new SeriesLock(ref _lock))
        {
            if (_count == 0) return 0;
            if (_sketch is not null) return Clamp(_sketch.Quantile(percentile / 100));
            var sorted = _samples.AsSpan(0, (int)_count).ToArray();
            Array.Sort(sorted);
            return NearestRank(sorted, percentile / 100);
        }
    }

    /// <summary>
    /// Copies a consistent view of the buckets for export, and each bucket's exemplar when
    /// <paramref name="exemplars"/> has room for them (an empty span skips them).
    /// </summary>
    internal void CopyBuckets(Span<long> cumulativeCounts, Span<Exemplar> exemplars, out long count, out double sum, out double min)
    {
        using (new SeriesLock(ref _lock))
        {
            long running = 0;
            for (var i = 0; i < _bucketCounts.Length; i++)
            {
                running += _bucketCounts[i];
                cumulativeCounts[i] = running;
            }

            count = _count;
            sum = _sum;
            min = _min;
            if (exemplars.IsEmpty) return;
            var slots = _exemplars;
            for (var i = 0; i < _bucketCounts.Length; i++)
            {
                exemplars[i] = slots is null ? default : slots[i].Kept;
            }
        }
    }

    /// <summary>Merges this series' distribution into <paramref name="target"/> (a sketch).</summary>
    internal void MergeInto(QuantileSketch target)
    {
        using (new SeriesLock(ref _lock))
        {
            if (_sketch is not null)
            {
                target.Merge(_sketch);
                return;
            }

            for (var i = 0; i < _count; i++)
            {
                target.Add(_samples![i]);
            }
        }
    }

    internal override Metric Snapshot(DateTimeOffset timestamp) => new(Name, Type, Count, Labels, timestamp, Family.Description, Family.Unit);

    /// <summary>The body of a recording, under the series lock: bucket, sum, extremes and the percentile store.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Add(double value, int bucket)
    {
        var count = _count;
        _bucketCounts[bucket]++;
        _sum += value;
        if (value < _min) _min = value;
        if (value > _max) _max = value;
        if (_sketch is not null)
        {
            _sketch.Add(value);
        }
        else if (count < ExactSampleLimit)
        {
            var samples = _samples;
            if (samples is null || count == samples.Length)
            {
                _samples = samples = GrowSamples(samples);
            }

            samples[count] = value;
        }
        else
        {
            SwitchToSketch(value);
        }

        Volatile.Write(ref _count, count + 1);
    }

    /// <summary>The number of bounds below the value, counted without branches (a random value costs no misprediction per bound).</summary>
    private int BucketIndex(double value)
    {
        var bounds = _searchBounds;
        var index = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var probe = Vector256.Create(value);
            for (var i = 0; i < bounds.Length; i += Vector256<double>.Count)
            {
                index += BitOperations.PopCount(Vector256.GreaterThan(probe, Vector256.Create(bounds.AsSpan(i))).ExtractMostSignificantBits());
            }

            return index;
        }

        foreach (var bound in bounds)
        {
            index += value > bound ? 1 : 0;
        }

        return index;
    }

    private static double[] GrowSamples(double[]? samples)
    {
        var next = new double[samples is null ? InitialSampleCapacity : Math.Min(samples.Length * 2, ExactSampleLimit)];
        samples?.CopyTo(next, 0);
        return next;
    }

    private void SwitchToSketch(double value)
    {
        var sketch = new QuantileSketch();
        foreach (var sample in _samples!)
        {
            sketch.Add(sample);
        }

        sketch.Add(value);
        _sketch = sketch;
        _samples = null;
    }

    private double Clamp(double estimate) => Math.Clamp(estimate, _min, _max);

    private static double NearestRank(double[] sorted, double quantile)
    {
        var rank = (int)Math.Ceiling(quantile * sorted.Length);
        return sorted[Math.Clamp(rank, 1, sorted.Length) - 1];
    }

    /// <summary>Holds the series' spin lock for the extent of a <c>using</c>.</summary>
    private readonly ref struct SeriesLock
    {
        private readonly ref SpinLock _lock;

        public SeriesLock(ref SpinLock seriesLock)
        {
            _lock = ref seriesLock;
            var taken = false;
            _lock.Enter(ref taken);
        }

        public void Dispose() => _lock.Exit(useMemoryBarrier: false);
    }

    private void ThrowNonFinite(double value) => throw new ArgumentOutOfRangeException(nameof(value), value, $"Histogram '{Name}' needs a finite value, got {value}.");
}
