using NumAgents.Core;

namespace NumAgents.Instrumentation.Tests.Core;

public sealed class NodeTests
{
    [Fact]
    public void Name_defaults_to_the_class_name_without_generic_arity()
    {
        Assert.Equal("DelegateNode", new DelegateNode().Name);
        Assert.Equal("GenericNode", new GenericNode<int>().Name);
        Assert.Equal("load", new DelegateNode("load").Name);
        Assert.Equal("load", new DelegateNode("load").ToString());
    }

    [Fact]
    public void A_blank_name_is_rejected_naming_the_node_class()
    {
        var error = Assert.Throws<ArgumentException>(() => new DelegateNode(" "));
        Assert.Contains("DelegateNode", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Each_node_has_its_own_id()
    {
        var ids = Enumerable.Range(0, 100).Select(_ => new DelegateNode().Id).ToHashSet();
        Assert.Equal(100, ids.Count);
        Assert.All(ids, id => Assert.True(Guid.TryParse(id, out _)));
    }

    [Fact]
    public void Run_returns_what_Exec_returns()
    {
        var node = new DelegateNode("double", shared => new() { ["result"] = shared.GetRequired<int>("x") * 2 });
        var result = node.Run(new SharedStore([new("x", 21)]));
        Assert.Equal(42, result["result"]);
    }

    [Fact]
    public void A_user_exception_passes_through_as_the_same_object()
    {
        var thrown = new InvalidOperationException("boom");
        var node = new DelegateNode("fails", _ => throw thrown);
        Assert.Same(thrown, Assert.Throws<InvalidOperationException>(() => node.Run(new SharedStore())));
    }

    [Fact]
    public void A_null_result_is_reported_naming_the_node()
    {
        var node = new DelegateNode("empty", _ => null!);
        var error = Assert.Throws<InvalidOperationException>(() => node.Run(new SharedStore()));
        Assert.Contains("'empty'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Retries_wait_one_second_doubling_by_default_on_the_node_clock()
    {
        var clock = new TestClock();
        var failures = 3;
        var node = new DelegateNode("flaky", _ => Interlocked.Decrement(ref failures) >= 0 ? throw new IOException("transient") : new NodeResult { ["ok"] = true })
        {
            MaxRetries = 3,
            TimeProvider = clock,
        };

        var result = node.Run(new SharedStore());

        Assert.Equal(true, result["ok"]);
        Assert.Equal(4, node.Attempts);
        Assert.Equal([TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4)], clock.Waits);
        Assert.Equal(clock.Start + TimeSpan.FromSeconds(7), clock.GetUtcNow());
    }

    [Fact]
    public void When_retries_run_out_the_last_exception_propagates_unchanged()
    {
        var clock = new TestClock();
        var thrown = new List<Exception>();
        var node = new DelegateNode("flaky", _ =>
        {
            var error = new IOException($"failure {thrown.Count + 1}");
            thrown.Add(error);
            throw error;
        })
        {
            MaxRetries = 2,
            TimeProvider = clock,
        };

        var error = Assert.Throws<IOException>(() => node.Run(new SharedStore()));

        Assert.Equal(3, node.Attempts);
        Assert.Same(thrown[^1], error);
        Assert.Equal([TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)], clock.Waits);
    }

    [Fact]
    public void Back_off_follows_delay_multiplier_and_cap()
    {
        var node = new DelegateNode
        {
            RetryDelay = TimeSpan.FromMilliseconds(100),
            RetryBackoffMultiplier = 3,
            MaxRetryDelay = TimeSpan.FromSeconds(2),
        };

        Assert.Equal(TimeSpan.FromMilliseconds(100), node.GetRetryDelay(1));
        Assert.Equal(TimeSpan.FromMilliseconds(300), node.GetRetryDelay(2));
        Assert.Equal(TimeSpan.FromMilliseconds(900), node.GetRetryDelay(3));
        Assert.Equal(TimeSpan.FromSeconds(2), node.GetRetryDelay(4));
        Assert.Throws<ArgumentOutOfRangeException>(() => node.GetRetryDelay(0));
    }

    [Fact]
    public void Back_off_without_a_cap_saturates_at_the_timer_limit_instead_of_overflowing()
    {
        var node = new DelegateNode();
        Assert.Equal(TimeSpan.FromMilliseconds(uint.MaxValue - 1), node.GetRetryDelay(10_000));
        Assert.Equal(TimeSpan.FromSeconds(1), node.GetRetryDelay(1));
        Assert.Equal(TimeSpan.FromSeconds(8), node.GetRetryDelay(4));
    }

    [Fact]
    public void RetryOn_decides_which_failures_are_retried()
    {
        var node = new DelegateNode("strict", _ => throw new ArgumentException("bad input"))
        {
            MaxRetries = 5,
            RetryOn = e => e is IOException,
            TimeProvider = new TestClock(),
        };

        Assert.Throws<ArgumentException>(() => node.Run(new SharedStore()));
        Assert.Equal(1, node.Attempts);
    }

    [Fact]
    public void Invalid_retry_and_timeout_settings_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new DelegateNode { MaxRetries = -1 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new DelegateNode { RetryDelay = TimeSpan.FromSeconds(-1) });
        Assert.Throws<ArgumentOutOfRangeException>(() => new DelegateNode { RetryBackoffMultiplier = 0.5 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new DelegateNode { RetryBackoffMultiplier = double.NaN });
        Assert.Throws<ArgumentOutOfRangeException>(() => new DelegateNode { MaxRetryDelay = TimeSpan.FromSeconds(-1) });
        Assert.Throws<ArgumentOutOfRangeException>(() => new DelegateNode { Timeout = TimeSpan.Zero });
    }

    [Fact]
    public void Without_a_node_clock_waits_use_the_current_monitor_clock()
    {
        var clock = new TestClock();
        var monitor = new AgentMonitor(new MonitorOptions { TimeProvider = clock });
        var failed = false;
        var node = new DelegateNode("flaky", _ => !failed && (failed = true) ? throw new IOException() : [])
        {
            MaxRetries = 1,
            RetryDelay = TimeSpan.FromMilliseconds(250),
        };

        using (AgentMonitor.Use(monitor))
        {
            node.Run(new SharedStore());
        }

        Assert.Equal([TimeSpan.FromMilliseconds(250)], clock.Waits);
    }

    [Fact]
    public void Hooks_run_once_per_execution_around_all_attempts()
    {
        var events = new List<string>();
        var failures = 1;
        var node = new DelegateNode("n", _ =>
        {
            events.Add("exec");
            return Interlocked.Decrement(ref failures) >= 0 ? throw new IOException() : new NodeResult { ["value"] = 1 };
        })
        {
            MaxRetries = 1,
            TimeProvider = new TestClock(),
        };
        node.AddBeforeHook((n, _) => events.Add("before " + n.Name))
            .AddAfterHook((n, _, result) =>
            {
                events.Add("after " + n.Name);
                result["amended"] = true;
            })
            .AddErrorHook((_, _, _) => events.Add("error"));

        var result = node.Run(new SharedStore());

        Assert.Equal(["before n", "exec", "exec", "after n"], events);
        Assert.Equal(true, result["amended"]);
    }

    [Fact]
    public void Error_hooks_run_once_after_the_last_attempt_with_the_propagating_exception()
    {
        var seen = new List<Exception>();
        var thrown = new IOException("down");
        var node = new DelegateNode("n", _ => throw thrown) { MaxRetries = 2, TimeProvider = new TestClock() };
        node.AddErrorHook((_, _, error) => seen.Add(error));

        Assert.Same(thrown, Assert.Throws<IOException>(() => node.Run(new SharedStore())));
        Assert.Equal([thrown], seen);
    }

    [Fact]
    public void A_failing_before_hook_fails_the_execution_without_running_Exec()
    {
        var node = new DelegateNode("n");
        var hookError = new InvalidOperationException("not ready");
        Exception? seen = null;
        node.AddBeforeHook((_, _) => throw hookError).AddErrorHook((_, _, e) => seen = e);

        Assert.Same(hookError, Assert.Throws<InvalidOperationException>(() => node.Run(new SharedStore())));
        Assert.Equal(0, node.Attempts);
        Assert.Same(hookError, seen);
    }

    [Fact]
    public void A_failing_error_hook_keeps_the_node_exception_first()
    {
        var thrown = new IOException("down");
        var hookError = new InvalidOperationException("hook");
        var node = new DelegateNode("n", _ => throw thrown);
        node.AddErrorHook((_, _, _) => throw hookError);

        var error = Assert.Throws<AggregateException>(() => node.Run(new SharedStore()));

        Assert.Equal([thrown, hookError], error.InnerExceptions);
        Assert.Contains("'n'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddNext_chains_and_ignores_repeats()
    {
        var a = new DelegateNode("a");
        var b = new DelegateNode("b");
        var c = new DelegateNode("c");

        Assert.Same(c, a.AddNext(b).AddNext(c));
        a.AddNext(b);

        Assert.Equal([b], a.Successors);
        Assert.Equal([c], b.Successors);
        Assert.Throws<ArgumentException>(() => a.AddNext(a));
    }

    [Fact]
    public async Task InvokeNode_is_called_once_per_execution_on_both_paths()
    {
        var clock = new TestClock();
        var node = new SeamNode { MaxRetries = 2, TimeProvider = clock };

        node.Run(new SharedStore());
        Assert.Equal((1, 3), (node.Invocations, node.Attempts));

        await node.RunAsync(new SharedStore());
        Assert.Equal((2, 6), (node.Invocations, node.Attempts));
    }

    [Fact]
    public async Task InvokeNodeAsync_of_an_async_node_is_called_on_both_paths()
    {
        var node = new AsyncSeamNode();

        await node.RunAsync(new SharedStore());
        node.Run(new SharedStore());

        Assert.Equal(2, node.Invocations);
    }

    [Fact]
    public async Task A_sync_node_run_asynchronously_stops_its_back_off_wait_when_cancelled()
    {
        var clock = new TestClock(skipWaits: false);
        var node = new DelegateNode("flaky", _ => throw new IOException()) { MaxRetries = 3, TimeProvider = clock };
        var errors = 0;
        node.AddErrorHook((_, _, _) => errors++);
        using var cancellation = new CancellationTokenSource();

        var run = Task.Run(() => node.RunAsync(new SharedStore(), cancellation.Token));
        await clock.WaitForTimerAsync();
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        Assert.Equal(1, node.Attempts);
        Assert.Equal(0, errors);
    }

    [Fact]
    public async Task RunAsync_of_a_cancelled_token_is_a_canceled_task()
    {
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();
        var node = new DelegateNode();

        var task = node.RunAsync(new SharedStore(), cancellation.Token);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => task);
        Assert.True(task.IsCanceled);
        Assert.Equal(0, node.Attempts);
    }

    [Fact]
    public async Task A_sync_node_that_overruns_its_timeout_is_abandoned_with_a_NodeTimeoutException()
    {
        var clock = new TestClock(skipWaits: false);
        using var release = new ManualResetEventSlim();
        using var started = new ManualResetEventSlim();
        var node = new DelegateNode("slow", _ =>
        {
            started.Set();
            release.Wait();
            return [];
        })
        {
            Timeout = TimeSpan.FromSeconds(5),
            TimeProvider = clock,
        };

        var run = Task.Run(() => node.Run(new SharedStore()));
        started.Wait();
        await clock.WaitForTimerAsync();
        clock.Advance(TimeSpan.FromSeconds(5));

        var error = await Assert.ThrowsAsync<NodeTimeoutException>(() => run);
        release.Set();
        Assert.Equal("slow", error.NodeName);
        Assert.Equal(TimeSpan.FromSeconds(5), error.Timeout);
        Assert.Contains("'slow'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_sync_node_within_its_timeout_returns_its_result_and_exception_unchanged()
    {
        var clock = new TestClock(skipWaits: false);
        var ok = new DelegateNode("ok", _ => new() { ["v"] = 1 }) { Timeout = TimeSpan.FromSeconds(5), TimeProvider = clock };
        var thrown = new TimeoutException("the user's own timeout");
        var fails = new DelegateNode("fails", _ => throw thrown) { Timeout = TimeSpan.FromSeconds(5), TimeProvider = clock };

        Assert.Equal(1, ok.Run(new SharedStore())["v"]);
        Assert.Same(thrown, Assert.Throws<TimeoutException>(() => fails.Run(new SharedStore())));
    }

    private sealed class SeamNode : Node
    {
        private int _failures = 2;

        public int Invocations { get; private set; }

        public int Attempts { get; private set; }

        protected override NodeResult Exec(SharedStore shared)
        {
            Attempts++;
            if (_failures-- > 0) throw new IOException();
            _failures = 2;
            return [];
        }

        protected override NodeResult InvokeNode(SharedStore shared)
        {
            Invocations++;
            return base.InvokeNode(shared);
        }
    }

    private sealed class AsyncSeamNode : AsyncNode
    {
        public int Invocations { get; private set; }

        protected override async Task<NodeResult> ExecAsync(SharedStore shared, CancellationToken cancellationToken)
        {
            await Task.Yield();
            return [];
        }

        protected override Task<NodeResult> InvokeNodeAsync(SharedStore shared, CancellationToken cancellationToken)
        {
            Invocations++;
            return base.InvokeNodeAsync(shared, cancellationToken);
        }
    }
}
