using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;

namespace NumAgents.Instrumentation.Tests.Reliability;

/// <summary>
/// Eight threads record counters, histograms, timers, gauges, spans and logs into two monitors while
/// another thread exports Prometheus text and Jaeger JSON from both and clears one of them.
/// </summary>
/// <remarks>
/// <para>
/// Monitor <c>kept</c> is never cleared, so every total in it must be exact at the end; monitor
/// <c>cleared</c> is cleared on every export round, and then, after one last <see cref="AgentMonitor.Clear"/>,
/// recorded into for a fixed number of rounds with the same (retired) handles, so its totals must be
/// exact too. Both monitors have low limits (50 label sets, 500 spans) so the run spends its time at
/// those limits.
/// </para>
/// <para>
/// Memory: at twenty points of the run the recorders are paused between batches, a full blocking GC
/// runs and the heap is measured; over the second half the heap must stay within 10%.
/// </para>
/// </remarks>
[Collection(StressCollection.Name)]
public sealed class StressTests
{
    private const int Workers = 8;
    private const int LabelLimit = 50;
    private const int SpanLimit = 500;
    private const int Tenants = 1_000;
    private const int Batch = 64;
    private const int FinalRoundsPerWorker = 2_000;
    private const int HeapSamples = 20;

    private static readonly string[] TenantNames = Enumerable.Range(0, Tenants).Select(i => "tenant-" + i.ToString(CultureInfo.InvariantCulture)).ToArray();

    [Fact]
    public void Recorders_against_an_exporter_that_clears_lose_nothing_throw_nothing_and_stay_bounded()
    {
        var duration = StressSettings.Duration;
        using var events = new InstrumentationEventRecorder();
        var keptLogs = new CountingLoggerFactory();
        var clearedLogs = new CountingLoggerFactory();
        using var kept = new AgentMonitor(Options("kept", keptLogs));
        using var cleared = new AgentMonitor(Options("cleared", clearedLogs));
        var recorded = new long[Workers];
        kept.Metrics.ObservableGauge("stress.recorded", () => recorded.Sum(), description: "Rounds recorded so far, read at export");

        var workers = Enumerable.Range(0, Workers).Select(w => new Worker(w, kept, cleared)).ToArray();
        var failures = new ConcurrentQueue<Exception>();
        var pause = new ReaderWriterLockSlim();
        var heap = new List<(TimeSpan At, long Bytes)>();
        var clock = Stopwatch.StartNew();
        long exportRounds = 0;

        // Phase 1: record while exporting and clearing.
        var threads = workers.Select(worker => Start(() =>
        {
            while (clock.Elapsed < duration)
            {
                pause.EnterReadLock();
                try
                {
                    for (var i = 0; i < Batch; i++) worker.Round();
                }
                finally
                {
                    pause.ExitReadLock();
                }

                Volatile.Write(ref recorded[worker.Id], worker.Rounds);
            }
        }, failures)).ToList();

        var exporter = Start(() =>
        {
            var nextSample = TimeSpan.Zero;
            while (clock.Elapsed < duration)
            {
                Assert.NotEmpty(kept.Metrics.ExportPrometheus());
                _ = cleared.Metrics.ExportPrometheus();
                Assert.True(kept.Metrics.WritePrometheus(Stream.Null));
                Assert.NotNull(cleared.Tracer.ExportJaeger()["data"]);
                Assert.True(kept.Tracer.WriteJaeger(Stream.Null));
                cleared.Clear();
                exportRounds++;

                foreach (var monitor in new[] { kept, cleared })
                {
                    var statistics = monitor.GetStatistics();
                    Assert.InRange(statistics.SpansCount, 0, SpanLimit);
                    Assert.InRange(monitor.Metrics.GetMetric("stress.tenants").Count, 0, LabelLimit + 1);
                }

                if (clock.Elapsed >= nextSample)
                {
                    pause.EnterWriteLock();
                    try
                    {
                        heap.Add((clock.Elapsed, MeasureHeap()));
                    }
                    finally
                    {
                        pause.ExitWriteLock();
                    }

                    nextSample += duration / HeapSamples;
                }

                Thread.Sleep(2);
            }
        }, failures);

        threads.ForEach(t => t.Join());
        exporter.Join();
        Assert.Empty(failures);

        // Phase 2: no Clear intervenes, so the cleared monitor's totals must be exact as well.
        var phaseOne = workers.Select(w => w.Rounds).ToArray();
        cleared.Clear();
        var clearedSpansBefore = cleared.GetStatistics().DroppedSpans;
        var clearedLogsBefore = clearedLogs.Records;
        threads = workers.Select(worker => Start(() =>
        {
            for (var i = 0; i < FinalRoundsPerWorker; i++) worker.Round();
            Volatile.Write(ref recorded[worker.Id], worker.Rounds);
        }, failures)).ToList();
        threads.ForEach(t => t.Join());
        Assert.Empty(failures);

        var totalRounds = workers.Sum(w => w.Rounds);
        Assert.True(exportRounds > 10, $"only {exportRounds} export rounds ran");
        Assert.True(phaseOne.All(r => r > 0), "every recorder ran in phase 1");

        AssertTotals(kept, workers.Select(w => w.Rounds).ToArray(), keptLogs.Records);
        AssertTotals(cleared, Enumerable.Repeat((long)FinalRoundsPerWorker, Workers).ToArray(), clearedLogs.Records - clearedLogsBefore);

        // Spans: two per round; the kept monitor retains exactly its limit and counts every other span as dropped.
        var keptStatistics = kept.GetStatistics();
        Assert.Equal(SpanLimit, keptStatistics.SpansCount);
        Assert.Equal((2 * totalRounds) - SpanLimit, keptStatistics.DroppedSpans);
        Assert.Equal(0, keptStatistics.ActiveTraces);
        var clearedStatistics = cleared.GetStatistics();
        Assert.Equal(SpanLimit, clearedStatistics.SpansCount);
        Assert.Equal((2 * Workers * FinalRoundsPerWorker) - SpanLimit, clearedStatistics.DroppedSpans - clearedSpansBefore);
        Assert.Equal(0, clearedStatistics.ActiveTraces);

        Assert.Equal(totalRounds, kept.Metrics.GetGaugeValue("stress.recorded") is { } observed ? (long)observed : -1);
        foreach (var statistics in new[] { keptStatistics, clearedStatistics })
        {
            Assert.Equal(0, statistics.ExportErrors);
            Assert.True(statistics.InstrumentationErrors == 0, $"{statistics.InstrumentationErrors} contained failures, first: {events.First()}");
            Assert.True(statistics.FoldedLabelSets > 0, "the tenant label sets overflowed the limit");
        }

        AssertHeapStable(heap, duration);
    }

    private static MonitorOptions Options(string service, ILoggerFactory logs) => new()
    {
        ServiceName = service,
        LoggerFactory = logs,
        MaxLabelSetsPerMetric = LabelLimit,
        MaxRetainedSpans = SpanLimit,
    };

    private static void AssertTotals(AgentMonitor monitor, long[] roundsPerWorker, long logs)
    {
        var metrics = monitor.Metrics;
        long allRounds = 0, expectedLogs = 0;
        for (var w = 0; w < roundsPerWorker.Length; w++)
        {
            var rounds = roundsPerWorker[w];
            allRounds += rounds;
            expectedLogs += (rounds + 15) / 16;
            Labels worker = [("worker", Worker.Label(w))];
            Assert.Equal(rounds, metrics.GetCounterValue("stress.ops", worker));
            Assert.Equal(rounds, metrics.GetCounterValue("stress.by_name", [("worker", Worker.Label(w)), ("kind", "named")]));
            var latency = metrics.GetHistogramStats("stress.latency", worker);
            Assert.Equal(rounds, latency.Count);
            Assert.Equal(Worker.LatencySum(rounds), latency.Sum);
        }

        Assert.Equal(allRounds, metrics.GetHistogramStats("stress.timer").Count);
        var tenantSeries = metrics.GetMetric("stress.tenants");
        Assert.Equal(LabelLimit + 1, tenantSeries.Count);
        Assert.Equal(allRounds, tenantSeries.Sum(m => m.Value));
        Assert.Equal(expectedLogs, logs);
    }

    private static void AssertHeapStable(List<(TimeSpan At, long Bytes)> samples, TimeSpan duration)
    {
        var secondHalf = samples.Where(s => s.At >= duration / 2).Select(s => s.Bytes).ToList();
        var trace = string.Join(", ", samples.Select(s => $"{s.At.TotalSeconds:F1}s={s.Bytes / 1024}KiB"));
        Assert.True(secondHalf.Count >= 3, $"too few heap samples in the second half: {trace}");
        // Growth is what a leak looks like: no sample may exceed the smallest one before it by more than
        // 10%. A drop (retained spans or folded series released by a Clear) is not growth.
        var lowestSoFar = secondHalf[0];
        var worstGrowth = 0.0;
        foreach (var bytes in secondHalf)
        {
            worstGrowth = Math.Max(worstGrowth, (double)bytes / lowestSoFar - 1);
            lowestSoFar = Math.Min(lowestSoFar, bytes);
        }

        Assert.True(worstGrowth <= 0.10, $"the heap grew {worstGrowth:P1} over the second half (limit 10%): {trace}");
    }

    private static long MeasureHeap()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    private static Thread Start(Action body, ConcurrentQueue<Exception> failures)
    {
        var thread = new Thread(() =>
        {
            try
            {
                body();
            }
            catch (Exception exception)
            {
                failures.Enqueue(exception);
            }
        })
        {
            IsBackground = true,
        };
        thread.Start();
        return thread;
    }

    /// <summary>One recording thread: handles bound once, then rounds of every kind of recording.</summary>
    private sealed class Worker
    {
        private readonly Side[] _sides;
        private readonly Random _random;
        private readonly string _label;
        private readonly Dictionary<string, object?> _extra;

        public Worker(int id, AgentMonitor kept, AgentMonitor cleared)
        {
            Id = id;
            _label = Label(id);
            _random = new Random(id);
            _extra = new Dictionary<string, object?> { ["worker"] = id, ["phase"] = "stress" };
            _sides = [new Side(kept, _label), new Side(cleared, _label)];
        }

        public int Id { get; }

        public long Rounds { get; private set; }

        public static string Label(int worker) => "w" + worker.ToString(CultureInfo.InvariantCulture);

        public static double LatencySum(long rounds)
        {
            // Round r records r % 100: whole hundreds sum to 4950 each, then the partial tail.
            var tail = rounds % 100;
            return (rounds / 100 * 4950) + (tail * (tail - 1) / 2);
        }

        public void Round()
        {
            var round = Rounds;
            var tenant = TenantNames[_random.Next(Tenants)];
            foreach (var side in _sides)
            {
                var monitor = side.Monitor;
                side.Ops.Add(1);
                monitor.Metrics.Counter("stress.by_name", labels: [("worker", _label), ("kind", "named")]);
                side.Latency.Record(round % 100);
                using (monitor.Metrics.StartTimer(side.Timer))
                {
                    monitor.Metrics.Counter("stress.tenants", labels: [("tenant", tenant)]);
                }

                monitor.Metrics.Gauge("stress.last_round", round, [("worker", _label)]);
                using (var parent = monitor.Tracer.Span("stress.parent"))
                {
                    parent.SetAttribute("round", round);
                    using var child = monitor.Tracer.Span("stress.child");
                    child.AddEvent("tick");
                }

                if (round % 16 == 0) monitor.Log(LogLevel.Information, "stress round", _extra);
            }

            Rounds = round + 1;
        }

        private sealed class Side(AgentMonitor monitor, string worker)
        {
            public AgentMonitor Monitor { get; } = monitor;

            public CounterHandle Ops { get; } = monitor.Metrics.GetCounter("stress.ops", [("worker", worker)]);

            public HistogramHandle Latency { get; } = monitor.Metrics.GetHistogram("stress.latency", [("worker", worker)]);

            public HistogramHandle Timer { get; } = monitor.Metrics.GetTimer("stress.timer");
        }
    }
}
