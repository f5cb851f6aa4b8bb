using NumAgents.Instrumentation.Tests.Infrastructure;

namespace NumAgents.Instrumentation.Tests.Tracing;

public sealed class SamplingTests
{
    [Fact]
    public void A_sampled_out_span_records_nothing_but_propagates_its_context()
    {
        var tracer = new Tracer(new TracingOptions { SamplingRatio = 0 });
        using (var root = tracer.Span("root"))
        {
            Assert.False(root.IsRecording);
            Assert.Same(root, tracer.CurrentSpan);
            Assert.False(root.Context.IsSampled);
            Assert.True(root.Context.IsValid);
            root.SetAttribute("k", "v").AddEvent("e");
            Assert.Empty(root.Attributes);
            Assert.Empty(root.Events);

            using var child = tracer.Span("child");
            Assert.False(child.IsRecording);
            Assert.Equal(root.TraceId, child.TraceId);
            Assert.EndsWith("-00", tracer.CurrentContext.ToTraceParent(), StringComparison.Ordinal);
            Assert.Contains(root.TraceId, tracer.CurrentContext.ToTraceParent(), StringComparison.Ordinal);

            using var grandchild = tracer.StartGenerated("grandchild", 0);
            Assert.Equal(root.TraceId, grandchild.TraceId);
        }

        Assert.Null(tracer.CurrentSpan);
        Assert.Empty(tracer.GetAllSpans());
        Assert.Equal(0, new AgentMonitor(new MonitorOptions { SamplingRatio = 0 }).GetStatistics().SpansCount);
    }

    [Fact]
    public void A_sampled_out_span_allocates_nothing()
    {
        var tracer = new Tracer(new TracingOptions { SamplingRatio = 0 });
        using var root = tracer.Span("root");
        RunChildren(tracer, 100); // warm up (creates the shared child view once)

        Assert.Equal(0, Allocations.Measure(() => RunChildren(tracer, 10_000)));

        static void RunChildren(Tracer tracer, int count)
        {
            for (var i = 0; i < count; i++)
            {
                using (var child = tracer.Span("child"))
                {
                    child.SetAttribute("ignored", "value");
                }

                var generated = tracer.StartGenerated("generated", 1, SpanKind.Internal);
                generated.SetAttribute("node", "Load");
                generated.EndAt(SpanStatus.Ok, 2);
            }
        }
    }

    [Fact]
    public void A_disabled_tracer_allocates_nothing()
    {
        var tracer = new Tracer(new TracingOptions { Enabled = false });
        Assert.Equal(0, Allocations.Measure(() =>
        {
            for (var i = 0; i < 10_000; i++)
            {
                using var span = tracer.Span("x");
                span.SetAttribute("k", "v");
            }
        }));
    }

    [Fact]
    public void The_ratio_decides_roots_and_children_follow_their_parent()
    {
        var tracer = new Tracer(new TracingOptions { SamplingRatio = 0.25 });
        var sampled = 0;
        for (var i = 0; i < 4000; i++)
        {
            using var root = tracer.Span("root");
            using var child = tracer.Span("child");
            Assert.Equal(root.IsRecording, child.IsRecording);
            if (root.IsRecording) sampled++;
        }

        // 1,000 expected; the binomial standard deviation is about 27.
        Assert.InRange(sampled, 850, 1150);
        Assert.Equal(2 * sampled, tracer.GetAllSpans().Count);
    }

    [Fact]
    public void The_decision_for_a_trace_id_is_deterministic_across_tracers()
    {
        var a = new Tracer(new TracingOptions { SamplingRatio = 0.5 });
        var b = new Tracer(new TracingOptions { SamplingRatio = 0.5 });
        for (var i = 0; i < 200; i++)
        {
            var traceId = a.StartTrace("t");
            using var spanA = a.Span("x");
            b.StartTrace("t", traceId);
            using var spanB = b.Span("x");
            Assert.Equal(spanA.IsRecording, spanB.IsRecording);
        }
    }

    [Fact]
    public void The_ratio_is_validated()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new AgentMonitor(new MonitorOptions { SamplingRatio = 1.5 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new AgentMonitor(new MonitorOptions { SamplingRatio = double.NaN }));
    }
}
