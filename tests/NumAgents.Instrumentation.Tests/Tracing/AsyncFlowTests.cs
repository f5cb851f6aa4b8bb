namespace NumAgents.Instrumentation.Tests.Tracing;

public sealed class AsyncFlowTests
{
    [Fact]
    public async Task The_current_span_flows_across_await()
    {
        var tracer = new Tracer();
        using var span = tracer.Span("outer");
        await Task.Yield();
        Assert.Same(span, tracer.CurrentSpan);
        await Task.Delay(1);
        using var child = tracer.Span("after-await");
        Assert.Equal(span.SpanId, child.ParentSpanId);
    }

    [Fact]
    public async Task The_current_span_flows_into_Task_Run()
    {
        var tracer = new Tracer();
        using var span = tracer.Span("outer");
        var (current, childParent) = await Task.Run(() =>
        {
            using var child = tracer.Span("in-task");
            return (tracer.CurrentSpan, child.ParentSpanId);
        });
        Assert.Equal(span.SpanId, childParent);
        Assert.NotSame(span, current); // the child was current inside the task
        Assert.Same(span, tracer.CurrentSpan); // and nothing leaked back
    }

    [Fact]
    public async Task Parallel_branches_under_WhenAll_are_each_children_of_their_common_parent()
    {
        var tracer = new Tracer();
        string parentId;
        using (var parent = tracer.Span("fan-out"))
        {
            parentId = parent.SpanId;
            await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Branch(tracer, i)));
            Assert.Same(parent, tracer.CurrentSpan);
        }

        var spans = tracer.GetAllSpans();
        var branches = spans.Where(s => s.Name.StartsWith("branch", StringComparison.Ordinal)).ToList();
        Assert.Equal(8, branches.Count);
        Assert.All(branches, b => Assert.Equal(parentId, b.ParentSpanId));
        foreach (var branch in branches)
        {
            var leaf = Assert.Single(spans, s => s.Name == "leaf-of-" + branch.Name);
            Assert.Equal(branch.SpanId, leaf.ParentSpanId);
        }

        static async Task Branch(Tracer tracer, int i)
        {
            await Task.Yield();
            using var branch = tracer.Span("branch" + i);
            await Task.Delay(1);
            using var leaf = tracer.Span("leaf-of-branch" + i);
            await Task.Yield();
        }
    }

    [Fact]
    public async Task A_span_started_inside_an_async_method_does_not_leak_to_the_caller()
    {
        var tracer = new Tracer();
        await StartWithoutDisposing(tracer);
        Assert.Null(tracer.CurrentSpan);

        static async Task StartWithoutDisposing(Tracer tracer)
        {
            await Task.Yield();
            tracer.Span("leaked?");
        }
    }

    [Fact]
    public async Task Many_concurrent_traces_keep_their_own_parents()
    {
        var tracer = new Tracer();
        await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => Task.Run(async () =>
        {
            using var root = tracer.Span("root");
            for (var i = 0; i < 5; i++)
            {
                await Task.Yield();
                using var child = tracer.Span("child");
                Assert.Equal(root.SpanId, child.ParentSpanId);
                Assert.Equal(root.TraceId, child.TraceId);
            }
        })));
        Assert.Equal(300, tracer.GetAllSpans().Count);
        Assert.Equal(50, tracer.GetAllSpans().Select(s => s.TraceId).Distinct().Count());
    }
}
