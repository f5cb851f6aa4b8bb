namespace NumAgents.Instrumentation.Tests.Tracing;

public sealed class RetentionTests
{
    [Fact]
    public void Retention_is_bounded_the_oldest_are_evicted_first_and_dropped_spans_are_counted()
    {
        var monitor = new AgentMonitor(new MonitorOptions { ServiceName = "bounded", MaxRetainedSpans = 100 });
        for (var i = 0; i < 250; i++)
        {
            using var span = monitor.Tracer.Span("span" + i);
        }

        var spans = monitor.Tracer.GetAllSpans();
        Assert.Equal(100, spans.Count);
        Assert.Equal("span150", spans[0].Name);
        Assert.Equal("span249", spans[^1].Name);

        var stats = monitor.GetStatistics();
        Assert.Equal(100, stats.SpansCount);
        Assert.Equal(150, stats.DroppedSpans);
        Assert.Equal(150L, stats.ToDictionary()["dropped_spans"]);
    }

    [Fact]
    public void The_default_keeps_ten_thousand_spans()
    {
        var tracer = new Tracer();
        for (var i = 0; i < MonitorOptions.DefaultMaxRetainedSpans + 5; i++) tracer.StartSpan("s").Finish();
        Assert.Equal(MonitorOptions.DefaultMaxRetainedSpans, tracer.GetAllSpans().Count);
        Assert.Equal(5, new AgentMonitor().Tracer.GetAllSpans().Count + 5);
    }

    [Fact]
    public void A_limit_of_zero_keeps_nothing()
    {
        var monitor = new AgentMonitor(new MonitorOptions { MaxRetainedSpans = 0 });
        monitor.Tracer.Span("x").Dispose();
        Assert.Empty(monitor.Tracer.GetAllSpans());
        Assert.Equal(1, monitor.GetStatistics().DroppedSpans);
    }

    [Fact]
    public void A_retention_limit_that_cannot_be_allocated_never_fails_the_application()
    {
        var monitor = new AgentMonitor(new MonitorOptions { MaxRetainedSpans = int.MaxValue });
        var span = monitor.Tracer.Span("kept?");
        span.Dispose(); // the ring cannot be allocated: contained, counted
        Assert.True(span.IsEnded);
        Assert.Null(monitor.Tracer.CurrentSpan);
        Assert.Equal(1, monitor.GetStatistics().InstrumentationErrors);
    }

    [Fact]
    public void Clear_forgets_spans_and_AgentMonitor_Clear_clears_them_too()
    {
        var monitor = new AgentMonitor();
        monitor.Tracer.Span("a").Dispose();
        var running = monitor.Tracer.StartSpan("running");
        monitor.Metrics.Counter("c");
        monitor.Clear();
        Assert.Empty(monitor.Tracer.GetAllSpans());
        Assert.Equal(0, monitor.GetStatistics().SpansCount);
        Assert.Equal(0, monitor.GetStatistics().MetricsCount);

        running.Finish(); // a span running across Clear is kept when it ends
        Assert.Same(running, Assert.Single(monitor.Tracer.GetAllSpans()));
    }

    [Fact]
    public void Statistics_report_spans_and_active_traces()
    {
        var monitor = new AgentMonitor(serviceName: "stats");
        var traceA = monitor.Tracer.StartSpan("a");
        var childA = monitor.Tracer.StartSpan("a.child", traceId: traceA.TraceId, parentSpanId: traceA.SpanId);
        var traceB = monitor.Tracer.StartSpan("b");
        var stats = monitor.GetStatistics();
        Assert.Equal(2, stats.ActiveTraces);
        Assert.Equal(0, stats.SpansCount);
        Assert.True(stats.TracingEnabled);

        childA.Finish();
        traceA.Finish();
        traceB.Finish();
        stats = monitor.GetStatistics();
        Assert.Equal(0, stats.ActiveTraces);
        Assert.Equal(3, stats.SpansCount);
        var dictionary = stats.ToDictionary();
        Assert.Equal(3, dictionary["spans_count"]);
        Assert.Equal(0L, dictionary["active_traces"]);
        Assert.Equal(true, dictionary["tracing_enabled"]);
    }

    [Fact]
    public async Task Concurrent_spans_are_all_retained_exactly_once()
    {
        var tracer = new Tracer();
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
        {
            for (var i = 0; i < 1000; i++)
            {
                using var span = tracer.Span("s");
            }
        })));
        var spans = tracer.GetAllSpans();
        Assert.Equal(4000, spans.Count);
        Assert.Equal(4000, spans.Select(s => s.SpanId).Distinct().Count());
    }
}
