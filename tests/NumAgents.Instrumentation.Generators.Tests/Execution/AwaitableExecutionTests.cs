using System.Reflection;
using NumAgents.Instrumentation.Generators.Tests.Infrastructure;

namespace NumAgents.Instrumentation.Generators.Tests.Execution;

/// <summary>
/// Issue 13, item 3: a <c>Task</c> or <c>ValueTask</c> method that throws before returning throws at the call,
/// synchronously, with the same exception object and stack as without the generator, and is recorded as a
/// failure; one that returns a faulted task still returns it; the span of a pending task is no longer the
/// caller's current span once the call returns, and ends when the task completes.
/// </summary>
public sealed class AwaitableExecutionTests : IClassFixture<AwaitableExecutionTests.Compiled>
{
    private const string Program = "Shop.Async.Program";
    private readonly Compiled _compiled;

    public AwaitableExecutionTests(Compiled compiled)
    {
        _compiled = compiled;
    }

    public static TheoryData<string, string, string> SynchronousThrows => new()
    {
        { "ParseNull", "ParseAsync", nameof(ArgumentNullException) },
        { "ParseGarbage", "ParseAsync", nameof(FormatException) },
        { "SaveEmpty", "SaveAsync", nameof(ArgumentException) },
        { "CountNone", "CountAsync", nameof(InvalidOperationException) },
        { "FlushFailing", "FlushAsync", nameof(IOException) },
    };

    [Theory]
    [MemberData(nameof(SynchronousThrows))]
    public void A_synchronous_throw_stays_synchronous_with_the_same_exception_and_stack(string call, string method, string errorType)
    {
        var plain = Throws(_compiled.Plain, call, out _);
        var (monitor, _) = TestMonitor.Create();
        Exception instrumented;
        Exception? kept;
        using (AgentMonitor.Use(monitor))
        {
            // Thrown by the call itself, before any task exists: the delegate invocation throws.
            instrumented = Throws(_compiled.Instrumented, call, out kept);
            Assert.Null(monitor.Tracer.CurrentSpan);
        }

        Assert.Equal(plain.GetType(), instrumented.GetType());
        Assert.Equal(plain.Message, instrumented.Message);
        if (kept is not null) Assert.Same(kept, instrumented);
        Assert.Contains(TopFrames(instrumented), frame => frame.StartsWith("at Shop.Async.Parser." + method + "(", StringComparison.Ordinal));
        Assert.Equal(TopFrames(plain), TopFrames(instrumented));
        Assert.DoesNotContain("End of stack trace from previous location", instrumented.StackTrace, StringComparison.Ordinal);

        var span = Assert.Single(monitor.Tracer.GetAllSpans());
        Assert.Equal("Parser." + method, span.Name);
        Assert.Equal(SpanStatus.Error, span.Status);
        Assert.Equal(errorType, span.Attributes["error_type"]);
        Assert.Equal(1, monitor.Metrics.GetCounterValue("method.invocations", [("class", "Parser"), ("method", method), ("outcome", "failure"), ("error_type", errorType)]));
    }

    [Fact]
    public async Task An_already_faulted_task_is_returned_as_it_is_without_a_throw_and_recorded_as_a_failure()
    {
        var (monitor, _) = TestMonitor.Create();
        Task<int> task;
        using (AgentMonitor.Use(monitor))
        {
            task = _compiled.Instrumented.Method<Func<Task<int>>>(Program, "Faulted")();
        }

        // The very task the method returned, and the failure is recorded before anything awaits it.
        Assert.Same(Returned(_compiled.Instrumented), task);
        Assert.True(task.IsFaulted);
        Assert.Equal(SpanStatus.Error, Assert.Single(monitor.Tracer.GetAllSpans()).Status);
        var thrown = await Assert.ThrowsAsync<TimeoutException>(() => task);
        Assert.Same(Thrown(_compiled.Instrumented), thrown);
        var span = Assert.Single(monitor.Tracer.GetAllSpans());
        Assert.Equal(SpanStatus.Error, span.Status);
        Assert.Equal(1, monitor.Metrics.GetCounterValue("method.invocations", [("class", "Parser"), ("method", "FaultedAsync"), ("outcome", "failure"), ("error_type", nameof(TimeoutException))]));

        var plainTask = _compiled.Plain.Method<Func<Task<int>>>(Program, "Faulted")();
        Assert.True(plainTask.IsFaulted);
    }

    [Fact]
    public async Task A_task_that_completed_before_returning_is_recorded_at_once()
    {
        var (monitor, _) = TestMonitor.Create();
        Task<int> task;
        using (AgentMonitor.Use(monitor))
        {
            task = _compiled.Instrumented.Method<Func<Task<int>>>(Program, "ParseNumber")();
            Assert.Null(monitor.Tracer.CurrentSpan);
        }

        // Recorded before anything awaited it: the wrapper returned the completed task as it was.
        Assert.Same(Returned(_compiled.Instrumented), task);
        Assert.True(task.IsCompletedSuccessfully);
        var span = Assert.Single(monitor.Tracer.GetAllSpans());
        Assert.Equal(SpanStatus.Ok, span.Status);
        Assert.Equal(42, await task);
        Assert.Equal(1, monitor.Metrics.GetCounterValue("method.invocations", [("class", "Parser"), ("method", "ParseAsync"), ("outcome", "success")]));
    }

    [Fact]
    public async Task A_pending_task_leaves_the_callers_current_span_alone_and_is_timed_to_its_completion()
    {
        var (monitor, clock) = TestMonitor.Create();
        var source = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        Task<int> task;
        Span outer;
        using (AgentMonitor.Use(monitor))
        {
            using (outer = monitor.Tracer.Span("outer"))
            {
                task = _compiled.Instrumented.Method<Func<TaskCompletionSource<int>, Task<int>>>(Program, "Pending")(source);

                // The caller goes on in its own span; the method's span runs, not current here.
                Assert.Same(outer, monitor.Tracer.CurrentSpan);
                Assert.Empty(monitor.Tracer.GetAllSpans());
                clock.Advance(TimeSpan.FromMilliseconds(25));
                source.SetResult(5);
                Assert.Equal(5, await task);
                Assert.Same(outer, monitor.Tracer.CurrentSpan);
            }
        }

        var spans = monitor.Tracer.GetAllSpans().ToDictionary(s => s.Name);
        var pending = spans["Parser.PendingAsync"];
        Assert.Equal(SpanStatus.Ok, pending.Status);
        Assert.Equal(outer.SpanId, pending.ParentSpanId);
        Assert.Equal(25, pending.DurationMs);
        Assert.Equal(25, monitor.Metrics.GetHistogramStats("method.duration", [("class", "Parser"), ("method", "PendingAsync")]).Sum);
    }

    [Fact]
    public async Task A_sampled_out_span_of_a_pending_task_is_not_left_current_either()
    {
        // A sampled-out root records nothing but is current while it runs, like a recording one.
        using var monitor = new AgentMonitor(new MonitorOptions { EnableLogging = false, SamplingRatio = 0 });
        var source = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        using (AgentMonitor.Use(monitor))
        {
            var task = _compiled.Instrumented.Method<Func<TaskCompletionSource<int>, Task<int>>>(Program, "Pending")(source);
            Assert.Null(monitor.Tracer.CurrentSpan);
            source.SetResult(1);
            Assert.Equal(1, await task);
            Assert.Null(monitor.Tracer.CurrentSpan);
        }

        Assert.Empty(monitor.Tracer.GetAllSpans());
        Assert.Equal(1, monitor.Metrics.GetCounterValue("method.invocations", [("class", "Parser"), ("method", "PendingAsync"), ("outcome", "success")]));
    }

    [Fact]
    public async Task Async_methods_ref_parameters_and_null_tasks_behave_as_without_the_generator()
    {
        var (monitor, _) = TestMonitor.Create();
        using (AgentMonitor.Use(monitor))
        {
            Assert.Equal(
                await _compiled.Plain.Method<Func<Task<string>>>(Program, "AwaitEverythingAsync")(),
                await _compiled.Instrumented.Method<Func<Task<string>>>(Program, "AwaitEverythingAsync")());
            Assert.Equal("called 1|called 2|2", _compiled.Instrumented.Method<Func<string>>(Program, "CountCalls")());
            Assert.True(_compiled.Instrumented.Method<Func<bool>>(Program, "Nothing")());
            var real = _compiled.Instrumented.Method<Func<bool, Task<int>>>(Program, "Real");
            var late = await Assert.ThrowsAsync<FormatException>(() => real(true));
            Assert.Same(Thrown(_compiled.Instrumented), late);
        }

        var m = monitor.Metrics;
        double Count(string method, string outcome, string? errorType = null) => errorType is null
            ? m.GetCounterValue("method.invocations", [("class", "Parser"), ("method", method), ("outcome", outcome)])
            : m.GetCounterValue("method.invocations", [("class", "Parser"), ("method", method), ("outcome", outcome), ("error_type", errorType)]);
        Assert.Equal(1, Count("ParseAsync", "success"));
        Assert.Equal(1, Count("ParseAsync", "failure", nameof(ArgumentNullException)));
        Assert.Equal(1, Count("SaveAsync", "success"));
        Assert.Equal(1, Count("CountAsync", "success"));
        Assert.Equal(1, Count("FlushAsync", "success"));
        Assert.Equal(1, Count("RealAsync", "success"));
        Assert.Equal(1, Count("RealAsync", "failure", nameof(FormatException)));
        Assert.Equal(2, Count("CountCallsAsync", "success"));
        Assert.Equal(1, Count("NothingAsync", "success"));
    }

    private static Exception Throws(CompiledAssembly compiled, string call, out Exception? kept)
    {
        ThrownProperty(compiled).SetValue(null, null);
        var method = compiled.Method<Func<object>>(Program, call);
        var thrown = Assert.ThrowsAny<Exception>(() => method());
        kept = Thrown(compiled);
        return thrown;
    }

    private static Exception? Thrown(CompiledAssembly compiled) => (Exception?)ThrownProperty(compiled).GetValue(null);

    private static Task? Returned(CompiledAssembly compiled)
        => (Task?)compiled.Type("Shop.Async.Parser").GetProperty("Returned", BindingFlags.Public | BindingFlags.Static)!.GetValue(null);

    private static PropertyInfo ThrownProperty(CompiledAssembly compiled)
        => compiled.Type("Shop.Async.Parser").GetProperty("Thrown", BindingFlags.Public | BindingFlags.Static)!;

    /// <summary>
    /// The frames from where the exception was thrown up to the instrumented method: the same without and with
    /// the generator (the generated frames and the caller's follow).
    /// </summary>
    private static string[] TopFrames(Exception exception)
        => [.. exception.StackTrace!.Split('\n').Select(l => l.Trim())
            .TakeWhile(l => !l.Contains("Shop.Async.Program", StringComparison.Ordinal) && !l.Contains(GeneratorHarness.InterceptorsNamespace, StringComparison.Ordinal))];

    /// <summary>The awaitables source compiled once with and once without the generator.</summary>
    public sealed class Compiled : IDisposable
    {
        internal CompiledAssembly Instrumented { get; } = CompiledAssembly.Compile(Sources.Awaitables);

        internal CompiledAssembly Plain { get; } = CompiledAssembly.CompileWithoutInterceptors(Sources.Awaitables);

        public void Dispose()
        {
            Instrumented.Dispose();
            Plain.Dispose();
        }
    }
}
