using NumAgents.Core;

namespace NumAgents.Instrumentation.Tests.Core;

public sealed class AsyncNodeTests
{
    [Fact]
    public async Task RunAsync_returns_to_the_caller_while_the_node_waits()
    {
        var gate = new TaskCompletionSource<NodeResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        var node = new DelegateAsyncNode("fetch", (_, _) => gate.Task);

        var run = node.RunAsync(new SharedStore());

        Assert.False(run.IsCompleted);
        gate.SetResult(new() { ["rows"] = 3 });
        Assert.Equal(3, (await run)["rows"]);
    }

    [Fact]
    public async Task Back_off_waits_are_awaited_on_the_clock_without_blocking()
    {
        var clock = new TestClock(skipWaits: false);
        var failures = 2;
        var node = new DelegateAsyncNode("flaky", (_, _) => Interlocked.Decrement(ref failures) >= 0
            ? Task.FromException<NodeResult>(new IOException("transient"))
            : Task.FromResult(new NodeResult { ["ok"] = true }))
        {
            MaxRetries = 2,
            TimeProvider = clock,
        };

        var run = node.RunAsync(new SharedStore());

        await clock.WaitForTimerAsync();
        Assert.False(run.IsCompleted);
        clock.Advance(TimeSpan.FromSeconds(1));
        await clock.WaitForTimerAsync();
        Assert.False(run.IsCompleted);
        clock.Advance(TimeSpan.FromSeconds(2));

        Assert.Equal(true, (await run)["ok"]);
        Assert.Equal(3, node.Attempts);
        Assert.Equal([TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)], clock.Waits);
    }

    [Fact]
    public async Task Cancellation_stops_a_back_off_wait_and_is_not_an_error()
    {
        var clock = new TestClock(skipWaits: false);
        var node = new DelegateAsyncNode("flaky", (_, _) => Task.FromException<NodeResult>(new IOException()))
        {
            MaxRetries = 5,
            TimeProvider = clock,
        };
        var errors = 0;
        node.AddErrorHook((_, _, _) => errors++);
        using var cancellation = new CancellationTokenSource();

        var run = node.RunAsync(new SharedStore(), cancellation.Token);
        await clock.WaitForTimerAsync();
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        Assert.True(run.IsCanceled);
        Assert.Equal(1, node.Attempts);
        Assert.Equal(0, errors);
    }

    [Fact]
    public async Task The_token_reaches_ExecAsync()
    {
        using var cancellation = new CancellationTokenSource();
        var node = new DelegateAsyncNode("wait", async (_, token) =>
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, token);
            return [];
        });

        var run = node.RunAsync(new SharedStore(), cancellation.Token);
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
    }

    [Fact]
    public async Task A_timeout_cancels_the_attempt_token_and_fails_with_NodeTimeoutException()
    {
        var clock = new TestClock(skipWaits: false);
        // The node stops waiting at the deadline without waiting for the work to notice its token, so
        // the work's catch block may run after the timeout is reported: observe it, don't race it.
        var tokenCancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var node = new DelegateAsyncNode("slow", async (_, token) =>
        {
            try
            {
                await Task.Delay(Timeout.InfiniteTimeSpan, token);
            }
            catch (OperationCanceledException)
            {
                tokenCancelled.TrySetResult();
                throw;
            }

            return [];
        })
        {
            Timeout = TimeSpan.FromSeconds(3),
            TimeProvider = clock,
        };

        var run = node.RunAsync(new SharedStore());
        await clock.WaitForTimerAsync();
        clock.Advance(TimeSpan.FromSeconds(3));

        var error = await Assert.ThrowsAsync<NodeTimeoutException>(() => run);
        Assert.Equal("slow", error.NodeName);
        await tokenCancelled.Task.WaitAsync(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task A_timeout_abandons_work_that_ignores_its_token()
    {
        var clock = new TestClock(skipWaits: false);
        var never = new TaskCompletionSource<NodeResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        var node = new DelegateAsyncNode("stuck", (_, _) => never.Task) { Timeout = TimeSpan.FromSeconds(3), TimeProvider = clock };

        var run = node.RunAsync(new SharedStore());
        await clock.WaitForTimerAsync();
        clock.Advance(TimeSpan.FromSeconds(3));

        await Assert.ThrowsAsync<NodeTimeoutException>(() => run);
        never.SetException(new IOException("late failure, observed and ignored"));
    }

    [Fact]
    public async Task A_timed_out_attempt_is_retried()
    {
        var clock = new TestClock(skipWaits: false);
        var attempt = 0;
        var node = new DelegateAsyncNode("slow-then-fast", async (_, token) =>
        {
            if (Interlocked.Increment(ref attempt) == 1) await Task.Delay(Timeout.InfiniteTimeSpan, token);
            return new() { ["attempt"] = attempt };
        })
        {
            Timeout = TimeSpan.FromSeconds(3),
            MaxRetries = 1,
            RetryDelay = TimeSpan.FromSeconds(1),
            TimeProvider = clock,
        };

        var run = node.RunAsync(new SharedStore());
        await clock.WaitForTimerAsync();              // the first attempt's deadline
        clock.Advance(TimeSpan.FromSeconds(3));
        await clock.WaitForTimerAsync();              // the back-off wait
        clock.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(2, (await run)["attempt"]);
    }

    [Fact]
    public void The_sync_path_runs_the_async_execution()
    {
        var node = new DelegateAsyncNode("fetch", async (shared, _) =>
        {
            await Task.Yield();
            return new() { ["x"] = shared.GetRequired<int>("x") };
        });

        Assert.Equal(7, node.Run(new SharedStore([new("x", 7)]))["x"]);
    }

    [Fact]
    public async Task A_null_task_is_reported_naming_the_node()
    {
        var node = new DelegateAsyncNode("broken", (_, _) => null!);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => node.RunAsync(new SharedStore()));
        Assert.Contains("'broken'", error.Message, StringComparison.Ordinal);
    }
}
