namespace NumAgents.Instrumentation.Tests.Tracing;

public sealed class SpanConcurrencyTests
{
    [Fact]
    public async Task Attributes_and_events_written_from_many_threads_are_all_kept()
    {
        var tracer = new Tracer();
        var span = tracer.StartSpan("shared");
        await Task.WhenAll(Enumerable.Range(0, 4).Select(t => Task.Run(() =>
        {
            for (var i = 0; i < 25; i++)
            {
                span.SetAttribute($"t{t}.a{i}", i);
                span.AddEvent($"t{t}.e{i}");
            }
        })));
        span.Finish();

        Assert.Equal(100, span.Attributes.Count);
        Assert.Equal(100, span.Events.Count);
        for (var t = 0; t < 4; t++)
        {
            for (var i = 0; i < 25; i++) Assert.Equal((long)i, span.Attributes[$"t{t}.a{i}"]);
        }
    }

    [Fact]
    public async Task Racing_ends_retain_the_span_once_and_the_first_status_wins()
    {
        var monitor = new AgentMonitor();
        for (var round = 0; round < 200; round++)
        {
            var span = monitor.Tracer.StartSpan("raced");
            using var start = new ManualResetEventSlim();
            var ends = Enumerable.Range(0, 4).Select(i => Task.Run(() =>
            {
                start.Wait();
                if (i % 2 == 0) span.Finish(SpanStatus.Ok);
                else span.Finish(SpanStatus.Error, "late");
            })).ToArray();
            start.Set();
            await Task.WhenAll(ends);
            Assert.True(span.IsEnded);
            Assert.True(span.Status == SpanStatus.Ok ? span.Error is null : span.Error == "late");
        }

        Assert.Equal(200, monitor.GetStatistics().SpansCount);
        Assert.Equal(200, monitor.Tracer.GetAllSpans().Select(s => s.SpanId).Distinct().Count());
        Assert.Equal(0, monitor.GetStatistics().ActiveTraces);
    }

    [Fact]
    public async Task Active_traces_stay_exact_when_roots_start_and_end_on_different_threads()
    {
        var monitor = new AgentMonitor();
        var started = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
            Enumerable.Range(0, 50).Select(_ => monitor.Tracer.StartSpan("root")).ToArray())));
        Assert.Equal(400, monitor.GetStatistics().ActiveTraces);

        // End them on other pool threads, in another grouping.
        var all = started.SelectMany(s => s).ToArray();
        await Task.WhenAll(Enumerable.Range(0, 5).Select(part => Task.Run(() =>
        {
            for (var i = part; i < all.Length; i += 5) all[i].Finish();
        })));
        Assert.Equal(0, monitor.GetStatistics().ActiveTraces);
        Assert.Equal(400, monitor.GetStatistics().SpansCount);
    }
}
