using NumAgents.Core;

namespace NumAgents.Instrumentation.Tests.Core;

public sealed class FlowAsyncTests
{
    [Fact]
    public async Task ExecuteAsync_returns_to_the_caller_while_an_async_node_waits()
    {
        var gate = new TaskCompletionSource<NodeResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        var flow = new Flow([new DelegateNode("first"), new DelegateAsyncNode("fetch", (_, _) => gate.Task), new DelegateNode("last")]);

        var run = flow.ExecuteAsync();

        Assert.False(run.IsCompleted);
        gate.SetResult(new() { ["rows"] = 2 });
        var result = await run;
        Assert.Equal(["first", "fetch", "last"], result.NodesExecuted);
        Assert.Equal(2, result["fetch"]["rows"]);
    }

    [Fact]
    public async Task ExecuteAsync_with_initial_data_and_a_token()
    {
        using var cancellation = new CancellationTokenSource();
        var flow = new Flow([new DelegateAsyncNode("echo", (s, _) => Task.FromResult(new NodeResult { ["x"] = s.GetRequired<int>("x") }))]);

        Assert.Equal(5, (await flow.ExecuteAsync(new Dictionary<string, object?> { ["x"] = 5 }, cancellation.Token))["echo"]["x"]);
        Assert.Empty((await flow.ExecuteAsync(new SharedStore([new("x", 1)]), cancellation.Token)).Errors);
        var missing = await Assert.ThrowsAsync<FlowExecutionException>(() => flow.ExecuteAsync(cancellation.Token));
        Assert.IsType<KeyNotFoundException>(missing.InnerException);
    }

    [Fact]
    public async Task Cancellation_stops_between_nodes()
    {
        using var cancellation = new CancellationTokenSource();
        var second = new DelegateNode("second");
        var flow = new Flow([new DelegateNode("first", _ =>
        {
            cancellation.Cancel();
            return [];
        }), second]);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => flow.ExecuteAsync(cancellation.Token));

        Assert.Equal(0, second.Attempts);
        var record = Assert.Single(flow.History);
        Assert.Equal(FlowOutcome.Canceled, record.Outcome);
        Assert.Equal(["first"], record.NodesExecuted);
    }

    [Fact]
    public async Task Cancellation_stops_a_back_off_wait_inside_the_flow()
    {
        var clock = new TestClock(skipWaits: false);
        var monitor = new AgentMonitor(new MonitorOptions { TimeProvider = clock });
        var flaky = new DelegateAsyncNode("flaky", (_, _) => Task.FromException<NodeResult>(new IOException())) { MaxRetries = 3 };
        var errorHookRuns = 0;
        var flow = new Flow([flaky]) { Monitor = monitor }.AddErrorHook((_, _, _) => errorHookRuns++);
        using var cancellation = new CancellationTokenSource();

        var run = flow.ExecuteAsync(cancellation.Token);
        await clock.WaitForTimerAsync();
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        Assert.Equal(1, flaky.Attempts);
        Assert.Equal(0, errorHookRuns);
        Assert.Equal(FlowOutcome.Canceled, Assert.Single(flow.History).Outcome);
    }

    [Fact]
    public async Task Cancellation_stops_a_sync_node_back_off_wait_inside_the_flow()
    {
        var clock = new TestClock(skipWaits: false);
        var flaky = new DelegateNode("flaky", _ => throw new IOException()) { MaxRetries = 3, TimeProvider = clock };
        var flow = new Flow([flaky]);
        using var cancellation = new CancellationTokenSource();

        var run = Task.Run(() => flow.ExecuteAsync(cancellation.Token));
        await clock.WaitForTimerAsync();
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        Assert.Equal(1, flaky.Attempts);
    }

    [Fact]
    public async Task An_already_cancelled_token_runs_nothing()
    {
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();
        var node = new DelegateNode("n");

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new Flow([node]).ExecuteAsync(cancellation.Token));
        Assert.Equal(0, node.Attempts);
    }

    [Fact]
    public async Task Fail_fast_is_the_same_asynchronously()
    {
        var thrown = new IOException("gone");
        var flow = new Flow([new DelegateAsyncNode("fetch", async (_, _) =>
        {
            await Task.Yield();
            throw thrown;
        })], name: "async");

        var error = await Assert.ThrowsAsync<FlowExecutionException>(() => flow.ExecuteAsync());

        Assert.Same(thrown, error.InnerException);
        Assert.Equal("fetch", error.NodeName);
    }

    [Fact]
    public async Task The_run_monitor_is_current_across_awaits_in_async_nodes()
    {
        var monitor = new AgentMonitor("async_monitor");
        AgentMonitor? seen = null;
        var flow = new Flow([new DelegateAsyncNode("probe", async (_, _) =>
        {
            await Task.Yield();
            seen = AgentMonitor.Current;
            return [];
        })])
        {
            Monitor = monitor,
        };

        await flow.ExecuteAsync();

        Assert.Same(monitor, seen);
    }
}
