using System.Collections.Concurrent;

namespace NumAgents.Instrumentation.Tests.Reliability;

/// <summary>
/// Clear while other threads record. Found a bug: a thread that looked a family up just before Clear
/// removed it could create a series in the removed family, and a held handle then kept recording there,
/// never exported again.
/// </summary>
public sealed class ClearRaceTests
{
    [Fact]
    public async Task Clear_while_other_threads_record_never_throws_and_held_handles_count_exactly_afterwards()
    {
        using var events = new InstrumentationEventRecorder();
        using var monitor = new AgentMonitor(new MonitorOptions { MaxRetainedSpans = 100, MaxLabelSetsPerMetric = 10 });
        var failures = new ConcurrentQueue<Exception>();
        var handles = Enumerable.Range(0, 4).Select(i => monitor.Metrics.GetCounter("jobs", [("worker", "w" + i)])).ToArray();
        using var stop = new CancellationTokenSource();
        var recorders = handles.Select((handle, i) => Task.Run(() =>
        {
            try
            {
                while (!stop.IsCancellationRequested)
                {
                    handle.Add(1);
                    monitor.Metrics.Histogram("latency", i, [("worker", "w" + i)]);
                    monitor.Metrics.Counter("tenants", labels: [("tenant", "t" + Random.Shared.Next(50))]);
                    using (monitor.Metrics.Timer("step"))
                    using (monitor.Tracer.Span("work"))
                    {
                    }
                }
            }
            catch (Exception exception)
            {
                failures.Enqueue(exception);
            }
        })).ToArray();

        for (var i = 0; i < 200; i++)
        {
            monitor.Clear();
            Thread.Yield();
        }

        stop.Cancel();
        await Task.WhenAll(recorders);
        Assert.Empty(failures);

        // After the last Clear, with nothing racing it, the same (retired) handles count exactly.
        monitor.Clear();
        foreach (var handle in handles) handle.Add(3);
        for (var i = 0; i < handles.Length; i++) Assert.Equal(3, monitor.Metrics.GetCounterValue("jobs", [("worker", "w" + i)]));
        Assert.Equal(handles.Length, monitor.GetStatistics().MetricsCount);
        var errors = monitor.GetStatistics().InstrumentationErrors;
        Assert.True(errors == 0, $"{errors} contained failures, first: {events.First()}");
    }
}
