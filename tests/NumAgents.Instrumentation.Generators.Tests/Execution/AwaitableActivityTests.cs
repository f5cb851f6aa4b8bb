using System.Collections.Concurrent;
using System.Diagnostics;
using NumAgents.Instrumentation.Generators.Tests.Infrastructure;

namespace NumAgents.Instrumentation.Generators.Tests.Execution;

/// <summary>
/// The span of a pending task leaves <see cref="Activity.Current"/> to its caller too (InstrumentedCall.LeaveScope),
/// while its published activity runs until the task completes. An <see cref="ActivityListener"/> is process-wide,
/// so these tests run alone, after the parallel ones.
/// </summary>
[CollectionDefinition(nameof(AwaitableActivityTests), DisableParallelization = true)]
[Collection(nameof(AwaitableActivityTests))]
public sealed class AwaitableActivityTests
{
    [Fact]
    public async Task A_pending_task_gives_the_caller_back_its_activity_and_its_own_activity_ends_with_the_task()
    {
        using var outerSource = new ActivitySource("NumAgents.Tests.Outer");
        var stopped = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is "NumAgents.Instrumentation" or "NumAgents.Tests.Outer",
            Sample = static (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);

        using var compiled = CompiledAssembly.Compile(Sources.Awaitables);
        var pending = compiled.Method<Func<TaskCompletionSource<int>, Task<int>>>("Shop.Async.Program", "Pending");
        var (monitor, _) = TestMonitor.Create();
        var source = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        using (AgentMonitor.Use(monitor))
        using (var outer = outerSource.StartActivity("request"))
        {
            Assert.NotNull(outer);
            var task = pending(source);
            Assert.Same(outer, Activity.Current);
            Assert.Null(monitor.Tracer.CurrentSpan);
            Assert.DoesNotContain(stopped, a => a.OperationName == "Parser.PendingAsync");

            source.SetResult(3);
            Assert.Equal(3, await task);
            Assert.Same(outer, Activity.Current);

            // The span joined the incoming trace as a child of the request, and its activity stopped with it.
            var span = Assert.Single(monitor.Tracer.GetAllSpans());
            var published = Assert.Single(stopped, a => a.OperationName == "Parser.PendingAsync");
            Assert.Equal(outer.TraceId.ToHexString(), span.TraceId);
            Assert.Equal(outer.SpanId.ToHexString(), span.ParentSpanId);
            Assert.Equal(span.SpanId, published.SpanId.ToHexString());
            Assert.Equal(ActivityStatusCode.Ok, published.Status);
        }
    }
}
