namespace NumAgents.Instrumentation.Tests.Tracing;

/// <summary>Allocation budgets of the recording hot path (speed is measured in bench/).</summary>
public sealed class SpanAllocationTests
{
    [Fact]
    public void A_root_span_start_and_finish_allocates_one_small_span_and_one_execution_context()
    {
        // Collecting no other library's activities, so that nothing makes this tracer's spans activities.
        var tracer = new Tracer(new TracingOptions { MaxRetainedSpans = 1024, CollectedActivitySources = [] });
        for (var i = 0; i < 2048; i++) RootSpan(tracer); // fills the ring once

        // The fewest of three runs: a one-off allocation on this thread (a table the runtime grows once)
        // once landed inside a run and read 168.13 B per span.
        const int count = 10_000;
        var perSpan = double.MaxValue;
        for (var run = 0; run < 3; run++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < count; i++) RootSpan(tracer);
            perSpan = Math.Min(perSpan, (GC.GetAllocatedBytesForCurrentThread() - before) / (double)count);
        }

        // 96 B span + 72 B for the async-local change (ExecutionContext + its one-entry map).
        // System.Diagnostics.Activity allocates about 417 B for the same work.
        Assert.InRange(perSpan, 1, 168);

        static void RootSpan(Tracer tracer)
        {
            using var span = tracer.Span("root");
        }
    }

    [Fact]
    public void Reading_ids_twice_formats_them_once()
    {
        var tracer = new Tracer();
        using var span = tracer.Span("ids");
        Assert.Same(span.SpanId, span.SpanId);
        span.SetAttribute("k", 1);
        Assert.Same(span.TraceId, span.TraceId);
    }
}
