using NumAgents.Core;

namespace NumAgents.Instrumentation.Tests.Core;

public sealed class FlowTests
{
    [Fact]
    public void Nodes_run_in_sequence_by_default_and_results_are_keyed_by_name()
    {
        var flow = new Flow([new DelegateNode("load"), new DelegateNode("transform"), new DelegateNode("save")], name: "etl");

        var result = flow.Execute();

        Assert.Equal(["load", "transform", "save"], DelegateNode.Trail(result.Shared));
        Assert.Equal(["load", "transform", "save"], result.NodesExecuted);
        Assert.Equal(["load", "transform", "save"], result.Keys);
        Assert.Equal("save", result["save"]["ran"]);
        Assert.True(result.Succeeded);
        Assert.Equal("etl", result.FlowName);
        Assert.Empty(result.Errors);
    }

    [Fact]
    public void Initial_data_reaches_the_nodes()
    {
        var flow = new Flow([new DelegateNode("greet", s => new() { ["greeting"] = "hello " + s.GetRequired<string>("user") })]);

        var result = flow.Execute(new Dictionary<string, object?> { ["user"] = "ada" });

        Assert.Equal("hello ada", result["greet"]["greeting"]);
    }

    [Fact]
    public void Execute_on_a_store_leaves_the_nodes_writes_there()
    {
        var store = new SharedStore();
        new Flow([new DelegateNode("writer", s =>
        {
            s.Set("written", true);
            return [];
        })]).Execute(store);

        Assert.True(store.GetRequired<bool>("written"));
    }

    [Fact]
    public void A_missing_result_names_the_node_and_the_known_ones()
    {
        var result = new Flow([new DelegateNode("a")], name: "f").Execute();
        var error = Assert.Throws<KeyNotFoundException>(() => result["b"]);
        Assert.Equal("Flow 'f' has no result for node 'b'; results exist for 'a'.", error.Message);
    }

    [Fact]
    public void Transitions_make_a_graph_run_in_topological_order_each_node_once()
    {
        var a = new DelegateNode("a");
        var b = new DelegateNode("b");
        var c = new DelegateNode("c");
        var d = new DelegateNode("d");
        var flow = new Flow(name: "diamond")
            .AddTransition(a, b)
            .AddTransition(a, c)
            .AddTransition(b, d)
            .AddTransition(c, d);

        var result = flow.Execute();

        Assert.Equal(["a", "b", "c", "d"], result.NodesExecuted);
        Assert.Equal(1, d.Attempts);
    }

    [Fact]
    public void AddNext_edges_are_followed_and_their_nodes_join_the_flow()
    {
        var a = new DelegateNode("a");
        var c = new DelegateNode("c");
        a.AddNext(new DelegateNode("b")).AddNext(c);

        var result = new Flow([a]).Execute();

        Assert.Equal(["a", "b", "c"], result.NodesExecuted);
    }

    [Fact]
    public void SetStart_chooses_where_a_graph_starts()
    {
        var a = new DelegateNode("a");
        var b = new DelegateNode("b");
        var flow = new Flow([a, b]).AddTransition(b, a).SetStart(b);

        Assert.Same(b, flow.StartNode);
        Assert.Equal(["b", "a"], flow.Execute().NodesExecuted);
    }

    [Fact]
    public void A_plan_sees_successors_added_after_a_run()
    {
        var a = new DelegateNode("a");
        var flow = new Flow([a]);
        Assert.Equal(["a"], flow.Execute().NodesExecuted);

        a.AddNext(new DelegateNode("b"));

        Assert.Equal(["a", "b"], flow.Execute().NodesExecuted);
    }

    [Fact]
    public void Adding_a_node_twice_is_an_error_but_transitions_may_repeat()
    {
        var a = new DelegateNode("a");
        var b = new DelegateNode("b");
        var flow = new Flow([a]);
        Assert.Throws<ArgumentException>(() => flow.AddNode(a));
        flow.AddTransition(a, b).AddTransition(a, b);

        Assert.Equal([a, b], flow.Nodes);
        Assert.Equal(["a", "b"], flow.Execute().NodesExecuted);
        Assert.Throws<ArgumentException>(() => flow.AddTransition(a, a));
    }

    [Fact]
    public void Fail_fast_names_the_node_keeps_the_original_and_stops()
    {
        var thrown = new InvalidOperationException("disk full");
        var after = new DelegateNode("after");
        var flow = new Flow([new DelegateNode("before"), new DelegateNode("save", _ => throw thrown), after], name: "etl");

        var error = Assert.Throws<FlowExecutionException>(() => flow.Execute());

        Assert.Same(thrown, error.InnerException);
        Assert.Equal("save", error.NodeName);
        Assert.Equal("etl", error.FlowName);
        Assert.Equal("Node 'save' failed in flow 'etl': InvalidOperationException: disk full", error.Message);
        Assert.Equal(["before"], error.PartialResult.Keys);
        Assert.Equal(["before", "save"], error.PartialResult.NodesExecuted);
        Assert.Equal(FlowOutcome.Failed, error.PartialResult.Execution.Outcome);
        Assert.Equal(0, after.Attempts);
    }

    [Fact]
    public void Collecting_errors_goes_on_and_reports_every_failure()
    {
        var first = new IOException("one");
        var second = new IOException("two");
        var flow = new Flow([new DelegateNode("a", _ => throw first), new DelegateNode("b"), new DelegateNode("c", _ => throw second)])
        {
            FailFast = false,
        };

        var result = flow.Execute();

        Assert.False(result.Succeeded);
        Assert.Equal(FlowOutcome.Failed, result.Execution.Outcome);
        Assert.Equal(["a", "b", "c"], result.NodesExecuted);
        Assert.Equal(["b"], result.Keys);
        Assert.Equal(["a", "c"], result.Errors.Select(e => e.NodeName));
        Assert.Same(first, result.Errors[0].Exception);
        Assert.Same(second, result.Errors[1].Exception);
        Assert.Equal("a: IOException: one", result.Errors[0].ToString());
    }

    [Fact]
    public void History_records_duration_nodes_and_errors_on_the_flow_clock()
    {
        var clock = new TestClock();
        var flow = new Flow(
            [
                new DelegateNode("slow", _ =>
                {
                    clock.Advance(TimeSpan.FromMilliseconds(1500));
                    return [];
                }),
                new DelegateNode("broken", _ => throw new IOException()),
            ],
            name: "timed")
        {
            TimeProvider = clock,
            FailFast = false,
        };

        var result = flow.Execute();

        var record = Assert.Single(flow.History);
        Assert.Same(result.Execution, record);
        Assert.Equal("timed", record.FlowName);
        Assert.Equal(clock.Start, record.StartedAt);
        Assert.Equal(TimeSpan.FromMilliseconds(1500), record.Duration);
        Assert.Equal(["slow", "broken"], record.NodesExecuted);
        Assert.Equal("broken", Assert.Single(record.Errors).NodeName);
    }

    [Fact]
    public void History_is_bounded_and_can_be_cleared()
    {
        var flow = new Flow([new DelegateNode("n")]) { MaxHistory = 3 };
        var results = Enumerable.Range(0, 5).Select(_ => flow.Execute()).ToList();

        Assert.Equal(results.Skip(2).Select(r => r.Execution), flow.History);
        flow.ClearHistory();
        Assert.Empty(flow.History);

        var none = new Flow([new DelegateNode("n")]) { MaxHistory = 0 };
        none.Execute();
        Assert.Empty(none.History);
        Assert.Throws<ArgumentOutOfRangeException>(() => new Flow { MaxHistory = -1 });
    }

    [Fact]
    public void A_failed_run_is_in_the_history_too()
    {
        var flow = new Flow([new DelegateNode("a"), new DelegateNode("b", _ => throw new IOException())]);
        Assert.Throws<FlowExecutionException>(() => flow.Execute());

        var record = Assert.Single(flow.History);
        Assert.Equal(FlowOutcome.Failed, record.Outcome);
        Assert.Equal(["a", "b"], record.NodesExecuted);
    }

    [Fact]
    public void Flow_hooks_see_the_store_the_result_and_the_failure()
    {
        var events = new List<string>();
        var ok = new Flow([new DelegateNode("n")], name: "ok")
            .AddBeforeHook((f, s) => events.Add($"before {f.Name} {s.Count}"))
            .AddAfterHook((f, r) => events.Add($"after {f.Name} {string.Join(",", r.NodesExecuted)}"))
            .AddErrorHook((f, _, e) => events.Add($"error {f.Name}"));
        ok.Execute(new Dictionary<string, object?> { ["x"] = 1 });
        Assert.Equal(["before ok 1", "after ok n"], events);

        events.Clear();
        Exception? seen = null;
        var failing = new Flow([new DelegateNode("bad", _ => throw new IOException())], name: "failing")
            .AddAfterHook((_, _) => events.Add("after"))
            .AddErrorHook((_, _, e) => seen = e);
        var error = Assert.Throws<FlowExecutionException>(() => failing.Execute());
        Assert.Same(error, seen);
        Assert.Empty(events);
    }

    [Fact]
    public void A_failing_before_hook_fails_the_run_unchanged()
    {
        var hookError = new InvalidOperationException("not configured");
        var node = new DelegateNode("n");
        var flow = new Flow([node]).AddBeforeHook((_, _) => throw hookError);

        Assert.Same(hookError, Assert.Throws<InvalidOperationException>(() => flow.Execute()));
        Assert.Equal(0, node.Attempts);
        Assert.Equal(FlowOutcome.Failed, Assert.Single(flow.History).Outcome);
    }

    [Fact]
    public void A_run_makes_its_monitor_current_for_its_nodes_and_restores_the_previous_one()
    {
        var monitor = new AgentMonitor("flow_monitor");
        AgentMonitor? seen = null;
        var flow = new Flow([new DelegateNode("probe", _ =>
        {
            seen = AgentMonitor.Current;
            return [];
        })])
        {
            Monitor = monitor,
        };

        flow.Execute();

        Assert.Same(monitor, seen);
        Assert.Same(AgentMonitor.GetMonitor(), AgentMonitor.Current);
    }

    [Fact]
    public void Without_a_monitor_a_run_uses_the_ambient_one_and_its_clock()
    {
        var clock = new TestClock();
        var ambient = new AgentMonitor(new MonitorOptions { ServiceName = "ambient", TimeProvider = clock });
        var failed = false;
        AgentMonitor? seen = null;
        var flaky = new DelegateNode("flaky", _ =>
        {
            seen = AgentMonitor.Current;
            return !failed && (failed = true) ? throw new IOException() : [];
        })
        {
            MaxRetries = 1,
        };

        FlowResult result;
        using (AgentMonitor.Use(ambient))
        {
            result = new Flow([flaky]).Execute();
        }

        Assert.Same(ambient, seen);
        Assert.Equal([TimeSpan.FromSeconds(1)], clock.Waits);
        Assert.Equal(TimeSpan.FromSeconds(1), result.Duration);
    }

    [Fact]
    public async Task Concurrent_runs_of_one_flow_keep_their_own_state()
    {
        var flow = new Flow(
        [
            new DelegateNode("read", s => new() { ["x"] = s.GetRequired<int>("x") }),
            new DelegateNode("square", s =>
            {
                var x = s.GetRequired<int>("x");
                s.Set("y", x * x);
                return new() { ["y"] = x * x };
            }),
        ]);

        var results = await Task.WhenAll(Enumerable.Range(0, 64).Select(i =>
            Task.Run(() => flow.ExecuteAsync(new Dictionary<string, object?> { ["x"] = i }))));

        Assert.All(Enumerable.Range(0, 64), i => Assert.Equal(i * i, results[i]["square"]["y"]));
        Assert.Equal(64, flow.History.Count);
    }

    [Fact]
    public void A_blank_flow_name_is_rejected()
    {
        Assert.Throws<ArgumentException>(() => new Flow(name: " "));
        Assert.Equal("Flow", new Flow().Name);
    }
}
