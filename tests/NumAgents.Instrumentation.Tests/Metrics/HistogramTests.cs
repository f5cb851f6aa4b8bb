using Microsoft.Extensions.Time.Testing;
using NumAgents.Instrumentation.Tests.Infrastructure;

namespace NumAgents.Instrumentation.Tests.Metrics;

public sealed class HistogramTests
{
    [Fact]
    public void Exact_statistics_use_nearest_rank()
    {
        var metrics = new MetricsCollector();
        for (var value = 10; value <= 100; value += 10)
        {
            metrics.Histogram("api.response.time.ms", value);
        }

        var stats = metrics.GetHistogramStats("api.response.time.ms");
        Assert.Equal(10, stats.Count);
        Assert.Equal(550, stats.Sum);
        Assert.Equal(10, stats.Min);
        Assert.Equal(100, stats.Max);
        Assert.Equal(55, stats.Avg);
        Assert.Equal(50, stats.P50);
        Assert.Equal(90, stats.P90);
        Assert.Equal(100, stats.P95);
        Assert.Equal(100, stats.P99);
        Assert.Equal(50.0, stats.ToDictionary()["p50"]);
    }

    [Fact]
    public void Absent_series_has_empty_statistics()
    {
        var stats = new MetricsCollector().GetHistogramStats("missing");
        Assert.Equal(0, stats.Count);
        Assert.Equal(0, stats.P99);
    }

    [Fact]
    public void Statistics_stay_exact_up_to_the_exact_sample_limit()
    {
        var handle = new MetricsCollector().GetHistogram("exact");
        var values = Enumerable.Range(1, HistogramHandle.ExactSampleLimit).Select(i => (double)((i * 7919) % 1000 + 1)).ToArray();
        foreach (var value in values) handle.Record(value);

        var sorted = values.Order().ToArray();
        double Rank(double q) => sorted[(int)Math.Ceiling(q * sorted.Length) - 1];
        var stats = handle.GetStats();
        Assert.Equal(Rank(0.5), stats.P50);
        Assert.Equal(Rank(0.9), stats.P90);
        Assert.Equal(Rank(0.99), stats.P99);
    }

    public static TheoryData<string> Distributions => ["lognormal", "bimodal", "longtail", "uniform-three-decades"];

    [Theory]
    [MemberData(nameof(Distributions))]
    public void Sketch_percentiles_stay_within_one_percent_and_memory_stays_bounded(string distribution)
    {
        var random = new Random(42);
        var values = new double[200_000];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = Sample(distribution, random);
        }

        var handle = new MetricsCollector().GetHistogram("dist." + distribution);
        var boundAfterSwitch = 0;
        for (var i = 0; i < values.Length; i++)
        {
            handle.Record(values[i]);
            if (i == 10_000) boundAfterSwitch = handle.PercentileBytes;
        }

        var sorted = values.Order().ToArray();
        foreach (var percentile in new[] { 1.0, 10, 25, 50, 75, 90, 95, 99, 99.9 })
        {
            var exact = sorted[(int)Math.Ceiling(percentile / 100 * sorted.Length) - 1];
            var estimate = handle.GetPercentile(percentile);
            Assert.True(Math.Abs(estimate - exact) <= 0.01 * Math.Abs(exact), $"{distribution} p{percentile}: {estimate} vs {exact}");
        }

        var decades = Math.Log10(sorted[^1] / sorted[0]);
        if (decades <= 3) Assert.True(handle.PercentileBytes <= 4096, $"{decades:F1} decades: {handle.PercentileBytes} bytes");
        Assert.True(handle.PercentileBytes <= NumAgents.Instrumentation.Metrics.QuantileSketch.MaxBucketsPerSign * sizeof(long));
        Assert.True(boundAfterSwitch > 0);
        var stats = handle.GetStats();
        Assert.Equal(values.Length, stats.Count);
        Assert.Equal(sorted[0], stats.Min);
        Assert.Equal(sorted[^1], stats.Max);
    }

    private static double Sample(string distribution, Random random)
    {
        double Normal() => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        return distribution switch
        {
            "lognormal" => Math.Exp(3 + Normal()),
            "bimodal" => random.NextDouble() < 0.7 ? 5 + Normal() * 0.5 + 3 : 800 + Normal() * 40,
            "longtail" => 1 / Math.Pow(1 - random.NextDouble(), 1 / 1.2),
            _ => Math.Pow(10, random.NextDouble() * 3),
        };
    }

    [Fact]
    public void Every_value_is_within_one_percent_of_its_sketch_bucket_and_buckets_are_ordered()
    {
        // The bucket index is an approximation of log2 (exponent bits and a cubic), not Math.Log; the
        // guarantee must hold at octave edges, for subnormals and at the top of the double range.
        var values = new List<double> { double.Epsilon, 1e-310, 1e-300, double.MaxValue, 1e300, 1 };
        for (var exponent = -1074; exponent <= 1023; exponent += 7)
        {
            var power = Math.ScaleB(1, exponent);
            values.AddRange([power, Math.BitDecrement(power), Math.BitIncrement(power), power * 1.5, power * 1.999]);
        }

        var random = new Random(11);
        for (var i = 0; i < 200_000; i++) values.Add(Math.Exp((random.NextDouble() * 40) - 20));

        foreach (var value in values.Where(v => v > 0 && double.IsFinite(v)))
        {
            var index = NumAgents.Instrumentation.Metrics.QuantileSketch.IndexOf(value);
            var representative = NumAgents.Instrumentation.Metrics.QuantileSketch.ValueOf(index);
            Assert.True(Math.Abs(representative - value) <= 0.01 * value, $"{value:R} -> bucket {index} -> {representative:R}");
        }

        var ordered = values.Where(v => v > 0).Order().ToArray();
        for (var i = 1; i < ordered.Length; i++)
        {
            Assert.True(
                NumAgents.Instrumentation.Metrics.QuantileSketch.IndexOf(ordered[i - 1]) <= NumAgents.Instrumentation.Metrics.QuantileSketch.IndexOf(ordered[i]),
                $"buckets out of order at {ordered[i - 1]:R} and {ordered[i]:R}");
        }
    }

    [Fact]
    public void Sketch_memory_does_not_grow_with_observations()
    {
        var handle = new MetricsCollector().GetHistogram("bounded");
        var random = new Random(7);
        for (var i = 0; i < 50_000; i++) handle.Record(1 + random.NextDouble() * 999);
        var after50k = handle.PercentileBytes;
        for (var i = 0; i < 500_000; i++) handle.Record(1 + random.NextDouble() * 999);
        Assert.Equal(after50k, handle.PercentileBytes);
    }

    [Fact]
    public void Negative_and_zero_values_are_ranked_correctly_by_the_sketch()
    {
        var handle = new MetricsCollector().GetHistogram("deltas");
        var values = Enumerable.Range(-3000, 6001).Select(i => (double)i).ToArray();
        foreach (var value in values) handle.Record(value);

        Assert.InRange(handle.GetPercentile(50), -0.5, 0.5);
        Assert.InRange(handle.GetPercentile(10), -2400 * 1.01, -2400 * 0.99);
        Assert.InRange(handle.GetPercentile(90), 2400 * 0.99, 2400 * 1.01);
    }

    [Fact]
    public void Sketches_merge_into_the_distribution_of_the_union()
    {
        var metrics = new MetricsCollector();
        var low = metrics.GetHistogram("merge", [("half", "low")]);
        var high = metrics.GetHistogram("merge", [("half", "high")]);
        for (var i = 1; i <= 5000; i++)
        {
            low.Record(i);
            high.Record(5000 + i);
        }

        var union = new NumAgents.Instrumentation.Metrics.QuantileSketch();
        low.MergeInto(union);
        high.MergeInto(union);

        Assert.Equal(10_000, union.Count);
        Assert.InRange(union.Quantile(0.5), 5000 * 0.99, 5000 * 1.01);
        Assert.InRange(union.Quantile(0.99), 9900 * 0.99, 9900 * 1.01);
    }

    [Fact]
    public void Timer_records_elapsed_milliseconds_from_the_monitor_clock()
    {
        var clock = new FakeTimeProvider();
        var metrics = new MetricsCollector(new MetricsOptions { TimeProvider = clock });
        using (metrics.Timer("database.query.duration"))
        {
            clock.Advance(TimeSpan.FromMilliseconds(42));
        }

        using (metrics.Timer("cache.lookup", labels: [("cache", "redis")]))
        {
            clock.Advance(TimeSpan.FromMilliseconds(3));
        }

        Assert.Equal(42, metrics.GetHistogramStats("database.query.duration").Sum);
        Assert.Equal(3, metrics.GetHistogramStats("cache.lookup", [("cache", "redis")]).Max);
        Assert.Equal(MetricType.Timer, metrics.GetMetric("cache.lookup")[0].Type);
    }

    [Fact]
    public void Timer_on_a_bound_handle_allocates_nothing()
    {
        var clock = new FakeTimeProvider();
        var metrics = new MetricsCollector(new MetricsOptions { TimeProvider = clock });
        var timer = metrics.GetTimer("step");
        for (var i = 0; i < 2 * HistogramHandle.ExactSampleLimit; i++) Measure(); // past the exact-sample buffer's growth

        var allocated = Allocations.Measure(
            () =>
            {
                for (var i = 0; i < 1000; i++) Measure();
            },
            out var runs);

        Assert.Equal(0, allocated);
        Assert.Equal((2 * HistogramHandle.ExactSampleLimit) + (1000 * runs), timer.Count);

        void Measure()
        {
            using (metrics.StartTimer(timer))
            {
                clock.Advance(TimeSpan.FromTicks(10));
            }
        }
    }

    [Fact]
    public void Timer_by_name_allocates_nothing_once_the_series_exists()
    {
        // A fixed clock keeps every duration in one sketch bucket; a widening range may grow the sketch (bounded, amortized).
        var metrics = new MetricsCollector(new MetricsOptions { TimeProvider = new FakeTimeProvider() });
        for (var i = 0; i < 2 * HistogramHandle.ExactSampleLimit; i++)
        {
            using (metrics.Timer("op", [("kind", "read")]))
            {
            }
        }

        Assert.Equal(0, Allocations.Measure(() =>
        {
            for (var i = 0; i < 1000; i++)
            {
                using (metrics.Timer("op", [("kind", "read")]))
                {
                }
            }
        }));
    }
}
