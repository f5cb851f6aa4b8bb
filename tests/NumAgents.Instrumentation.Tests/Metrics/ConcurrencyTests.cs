namespace NumAgents.Instrumentation.Tests.Metrics;

public sealed class ConcurrencyTests
{
    private const int Threads = 8;
    private const int PerThread = 1_000_000;

    [Fact]
    public void Eight_threads_incrementing_a_handle_lose_nothing()
    {
        var counter = new MetricsCollector().GetCounter("hits");
        RunOnThreads(_ => counter.Increment());
        Assert.Equal((double)Threads * PerThread, counter.Value);
    }

    [Fact]
    public void Eight_threads_incrementing_by_name_and_labels_lose_nothing()
    {
        var metrics = new MetricsCollector();
        RunOnThreads(thread => metrics.Counter("hits", labels: [("parity", (thread % 2).ToString(System.Globalization.CultureInfo.InvariantCulture)), ("kind", "x")]));
        Assert.Equal((double)Threads * PerThread / 2, metrics.GetCounterValue("hits", [("kind", "x"), ("parity", "0")]));
        Assert.Equal((double)Threads * PerThread / 2, metrics.GetCounterValue("hits", [("kind", "x"), ("parity", "1")]));
    }

    [Fact]
    public void Concurrent_histogram_recording_keeps_count_and_buckets_consistent()
    {
        var metrics = new MetricsCollector();
        var histogram = metrics.GetHistogram("latency");
        using var start = new ManualResetEventSlim();
        var threads = Enumerable.Range(0, Threads).Select(t => new Thread(() =>
        {
            start.Wait();
            for (var i = 0; i < 100_000; i++) histogram.Record(i % 1000);
        })).ToList();
        threads.ForEach(t => t.Start());

        // Every scrape taken while the recorders run must be internally consistent: _count is the +Inf bucket.
        var scrapes = 0;
        start.Set();
        while (threads.Any(t => t.IsAlive) || scrapes == 0)
        {
            var text = metrics.ExportPrometheus();
            Assert.Equal(Sample(text, "latency_count "), Sample(text, "latency_bucket{le=\"+Inf\"} "));
            scrapes++;
        }

        threads.ForEach(t => t.Join());
        const int total = Threads * 100_000;
        Assert.Equal(total, histogram.Count);
        var final = metrics.ExportPrometheus();
        Assert.Equal(total, Sample(final, "latency_bucket{le=\"+Inf\"} "));
        Assert.Equal(Threads * 100 * 499_500.0, histogram.GetStats().Sum); // integers: the sum is exact
        Assert.Equal(Threads * 100 * 11, Sample(final, "latency_bucket{le=\"10\"} ")); // 0..10 of every 1,000

        static long Sample(string text, string prefix)
        {
            var line = text.Split('\n').Single(l => l.StartsWith(prefix, StringComparison.Ordinal));
            return long.Parse(line[prefix.Length..], System.Globalization.CultureInfo.InvariantCulture);
        }
    }

    private static void RunOnThreads(Action<int> increment)
    {
        using var start = new ManualResetEventSlim();
        var threads = Enumerable.Range(0, Threads).Select(t => new Thread(() =>
        {
            start.Wait();
            for (var i = 0; i < PerThread; i++) increment(t);
        })).ToList();
        threads.ForEach(t => t.Start());
        start.Set();
        threads.ForEach(t => t.Join());
    }
}
