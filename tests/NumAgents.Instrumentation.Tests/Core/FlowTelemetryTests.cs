using NumAgents.Core;

namespace NumAgents.Instrumentation.Tests.Core;

public sealed class FlowTelemetryTests
{
    [Fact]
    public void A_flow_of_plain_nodes_is_one_span_carrying_the_retry_the_decision_and_the_outcome()
    {
        var (monitor, clock) = Monitor();
        var (flow, _) = OrderFlow(monitor, new DelegateNode("load", LoadOnSecondAttempt()) { MaxRetries = 2 });

        var result = flow.Execute();

        var span = Assert.Single(monitor.Tracer.GetAllSpans());
        Assert.Equal("flow.order", span.Name);
        Assert.Null(span.ParentSpanId);
        Assert.Equal(result.Execution.TraceId, span.TraceId);
        Assert.Equal(SpanStatus.Ok, span.Status);
        Assert.Null(span.Error);
        Assert.Equal(1000, span.DurationMs);
        AssertAttributes(
            span,
            ("flow", "order"),
            ("gen_ai.operation.name", "invoke_workflow"),
            ("gen_ai.workflow.name", "order"),
            ("condition.check", true),
            ("condition.check.branch", "premium"),
            ("flow.outcome", "success"),
            ("flow.nodes_executed", 3L));
        var retry = Assert.Single(span.Events);
        Assert.Equal("retry", retry.Name);
        Assert.Equal(clock.Start, retry.Timestamp);
        AssertAttributes(
            retry.Attributes,
            ("node", "load"),
            ("retry.attempt", 1L),
            ("retry.delay_ms", 1000.0),
            ("error.type", "System.IO.IOException"),
            ("exception.message", "database busy"));
    }

    [Fact]
    public void A_node_with_its_own_span_is_a_child_of_the_flow_span_and_holds_its_retries()
    {
        var (monitor, _) = Monitor();
        var (flow, _) = OrderFlow(monitor, new HandInstrumentedNode("load", LoadOnSecondAttempt()) { MaxRetries = 2 });

        var result = flow.Execute();

        var spans = ByName(monitor.Tracer.GetTraceSpans(result.Execution.TraceId!));
        Assert.Equal(["flow.order", "node.load"], spans.Keys);
        var (root, load) = (spans["flow.order"], spans["node.load"]);

        Assert.Null(root.ParentSpanId);
        Assert.Equal(SpanStatus.Ok, root.Status);
        Assert.Empty(root.Events);
        AssertAttributes(
            root,
            ("flow", "order"),
            ("gen_ai.operation.name", "invoke_workflow"),
            ("gen_ai.workflow.name", "order"),
            ("condition.check", true),
            ("condition.check.branch", "premium"),
            ("flow.outcome", "success"),
            ("flow.nodes_executed", 3L));

        Assert.Equal(root.SpanId, load.ParentSpanId);
        Assert.Equal(root.TraceId, load.TraceId);
        Assert.Equal(SpanStatus.Ok, load.Status);
        AssertAttributes(load, ("node", "load"));
        var retry = Assert.Single(load.Events);
        Assert.Equal("retry", retry.Name);
        Assert.Equal(1L, retry.Attributes["retry.attempt"]);
        Assert.Equal(1000.0, load.DurationMs);
    }

    [Fact]
    public void A_failed_run_is_an_error_span_with_the_node_exception()
    {
        var (monitor, _) = Monitor();
        var flow = new Flow([new DelegateNode("read"), new DelegateNode("save", _ => throw new IOException("disk full"))], name: "etl") { Monitor = monitor };

        var error = Assert.Throws<FlowExecutionException>(() => flow.Execute());

        var span = Assert.Single(monitor.Tracer.GetAllSpans());
        Assert.Equal(error.PartialResult.Execution.TraceId, span.TraceId);
        Assert.Equal(SpanStatus.Error, span.Status);
        Assert.Equal("System.IO.IOException: disk full", span.Error);
        Assert.Equal("failure", span.Attributes["flow.outcome"]);
        Assert.Equal(2L, span.Attributes["flow.nodes_executed"]);
        Assert.Equal(new[] { "save" }, span.Attributes["flow.failed_nodes"]);
        var exception = Assert.Single(span.Events);
        Assert.Equal("exception", exception.Name);
        Assert.Equal("System.IO.IOException", exception.Attributes["exception.type"]);
    }

    [Fact]
    public void Collected_errors_are_one_exception_event_each()
    {
        var (monitor, _) = Monitor();
        var flow = new Flow(
            [new DelegateNode("a", _ => throw new IOException("one")), new DelegateNode("b"), new DelegateNode("c", _ => throw new InvalidOperationException("two"))],
            name: "collect")
        {
            Monitor = monitor,
            FailFast = false,
        };

        flow.Execute();

        var span = Assert.Single(monitor.Tracer.GetAllSpans());
        Assert.Equal(SpanStatus.Error, span.Status);
        Assert.Equal(new[] { "a", "c" }, span.Attributes["flow.failed_nodes"]);
        Assert.Equal(["System.IO.IOException", "System.InvalidOperationException"], span.Events.Select(e => e.Attributes["exception.type"]));
    }

    [Fact]
    public async Task A_cancelled_run_ends_its_span_with_the_canceled_outcome()
    {
        var (monitor, _) = Monitor();
        using var cancellation = new CancellationTokenSource();
        var flow = new Flow([new DelegateNode("first", _ =>
        {
            cancellation.Cancel();
            return [];
        }), new DelegateNode("second")], name: "stop") { Monitor = monitor };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => flow.ExecuteAsync(cancellation.Token));

        var span = Assert.Single(monitor.Tracer.GetAllSpans());
        Assert.Equal(SpanStatus.Error, span.Status);
        Assert.Equal("canceled", span.Attributes["flow.outcome"]);
        Assert.Equal(1, monitor.Metrics.GetCounterValue("flows.executed", [("flow", "stop"), ("outcome", "canceled")]));
    }

    [Fact]
    public void Runs_and_durations_are_counted_by_flow_and_outcome()
    {
        var (monitor, _) = Monitor();
        var (flow, _) = OrderFlow(monitor, new DelegateNode("load", LoadOnSecondAttempt()) { MaxRetries = 2 });
        var failing = new Flow([new DelegateNode("boom", _ => throw new IOException())], name: "broken") { Monitor = monitor };

        flow.Execute();
        flow.Execute();
        Assert.Throws<FlowExecutionException>(() => failing.Execute());

        Assert.Equal(2, monitor.Metrics.GetCounterValue("flows.executed", [("flow", "order"), ("outcome", "success")]));
        Assert.Equal(1, monitor.Metrics.GetCounterValue("flows.executed", [("flow", "broken"), ("outcome", "failure")]));
        Assert.Equal(0, monitor.Metrics.GetCounterValue("flows.executed", [("flow", "order"), ("outcome", "failure")]));
        var durations = monitor.Metrics.GetHistogramStats("flow.duration", [("flow", "order"), ("outcome", "success")]);
        Assert.Equal(2, durations.Count);
        Assert.Equal(2000, durations.Sum);  // each run retried once: 1 s on the fake clock
        Assert.Equal(MetricType.Timer, Assert.Single(monitor.Metrics.GetMetric("flow.duration"), m => m.Labels["flow"] == "order").Type);
    }

    [Fact]
    public void Without_a_flow_monitor_the_ambient_monitor_records_the_run()
    {
        var (monitor, _) = Monitor();
        FlowResult result;
        using (AgentMonitor.Use(monitor))
        {
            result = new Flow([new DelegateNode("n")], name: "ambient").Execute();
        }

        Assert.Equal("flow.ambient", Assert.Single(monitor.Tracer.GetTraceSpans(result.Execution.TraceId!)).Name);
        Assert.Equal(1, monitor.Metrics.GetCounterValue("flows.executed", [("flow", "ambient"), ("outcome", "success")]));
    }

    [Fact]
    public void A_run_inside_a_caller_span_is_its_child()
    {
        var (monitor, _) = Monitor();
        var flow = new Flow([new DelegateNode("n")], name: "inner") { Monitor = monitor };

        string requestSpanId;
        using (var request = monitor.Tracer.Span("http.request"))
        {
            requestSpanId = request.SpanId;
            flow.Execute();
            Assert.Same(request, monitor.Tracer.CurrentSpan);
        }

        var spans = monitor.Tracer.GetAllSpans();
        var flowSpan = Assert.Single(spans, s => s.Name == "flow.inner");
        Assert.Equal(requestSpanId, flowSpan.ParentSpanId);
        Assert.Equal(spans.Single(s => s.Name == "http.request").TraceId, flowSpan.TraceId);
    }

    [Fact]
    public async Task Spans_started_by_async_nodes_are_children_of_the_flow_span()
    {
        var (monitor, _) = Monitor();
        var flow = new Flow([new DelegateAsyncNode("fetch", async (_, _) =>
        {
            await Task.Yield();
            using (AgentMonitor.Current.Tracer.Span("http.get"))
            {
                await Task.Yield();
            }

            return [];
        })], name: "crawl") { Monitor = monitor };

        var result = await flow.ExecuteAsync();

        var spans = ByName(monitor.Tracer.GetTraceSpans(result.Execution.TraceId!));
        Assert.Equal(["flow.crawl", "http.get"], spans.Keys);
        Assert.Equal(spans["flow.crawl"].SpanId, spans["http.get"].ParentSpanId);
        Assert.Null(monitor.Tracer.CurrentSpan);
    }

    [Fact]
    public async Task Concurrent_runs_are_separate_traces()
    {
        var (monitor, _) = Monitor();
        var flow = new Flow([new DelegateAsyncNode("work", async (_, _) =>
        {
            await Task.Yield();
            return [];
        })], name: "parallel") { Monitor = monitor };

        var results = await Task.WhenAll(Enumerable.Range(0, 32).Select(_ => Task.Run(() => flow.ExecuteAsync())));

        var spans = monitor.Tracer.GetAllSpans();
        Assert.Equal(32, spans.Count);
        Assert.All(spans, s => Assert.Null(s.ParentSpanId));
        Assert.Equal(32, spans.Select(s => s.TraceId).Distinct().Count());
        Assert.Equal(spans.Select(s => s.TraceId).Order(), results.Select(r => r.Execution.TraceId!).Order());
    }

    [Fact]
    public void With_tracing_off_the_run_records_metrics_only()
    {
        var monitor = new AgentMonitor(serviceName: "quiet", enableTracing: false);
        var result = new Flow([new DelegateNode("n")], name: "quiet") { Monitor = monitor }.Execute();

        Assert.Null(result.Execution.TraceId);
        Assert.Empty(monitor.Tracer.GetAllSpans());
        Assert.Equal(1, monitor.Metrics.GetCounterValue("flows.executed", [("flow", "quiet"), ("outcome", "success")]));
    }

    [Fact]
    public void A_sampled_out_run_keeps_no_span_and_no_trace_id()
    {
        var monitor = new AgentMonitor(new MonitorOptions { ServiceName = "sampled", SamplingRatio = 0 });
        var flaky = new DelegateNode("flaky", LoadOnSecondAttempt()) { MaxRetries = 1, TimeProvider = new TestClock() };

        var result = new Flow([flaky], name: "sampled") { Monitor = monitor }.Execute();

        Assert.True(result.Succeeded);
        Assert.Null(result.Execution.TraceId);
        Assert.Empty(monitor.Tracer.GetAllSpans());
        Assert.Equal(1, monitor.Metrics.GetCounterValue("flows.executed", [("flow", "sampled"), ("outcome", "success")]));
    }

    [Fact]
    public void A_telemetry_failure_is_contained_and_counted()
    {
        var (monitor, _) = Monitor();
        monitor.Metrics.Gauge("flows.executed", 1);  // the name now belongs to a gauge: the flow's counter cannot register
        var flow = new Flow([new DelegateNode("n")], name: "resilient") { Monitor = monitor };

        var result = flow.Execute();

        Assert.True(result.Succeeded);
        Assert.Equal(1, monitor.GetStatistics().InstrumentationErrors);
        Assert.Equal(SpanStatus.Ok, Assert.Single(monitor.Tracer.GetAllSpans()).Status);
    }

    [Fact]
    public void Nodes_outside_a_flow_record_retries_on_the_caller_span()
    {
        var (monitor, _) = Monitor();
        var node = new DelegateNode("standalone", LoadOnSecondAttempt()) { MaxRetries = 1 };

        using (AgentMonitor.Use(monitor))
        using (var span = monitor.Tracer.Span("job"))
        {
            node.Run(new SharedStore());
            Assert.Equal("standalone", Assert.Single(span.Events).Attributes["node"]);
        }
    }

    [Fact]
    public void Guide_custom_node_monitoring_example()
    {
        var (monitor, _) = Monitor();
        var flow = new Flow([new DataProcessingNode()], name: "processing") { Monitor = monitor };

        var result = flow.Execute(new Dictionary<string, object?> { ["records"] = new[] { 1, 2, 3 } });

        Assert.Equal(new[] { 2, 4, 6 }, result["DataProcessingNode"]["result"]);
        var spans = ByName(monitor.Tracer.GetTraceSpans(result.Execution.TraceId!));
        Assert.Equal(["flow.processing", "node.DataProcessingNode"], spans.Keys);
        Assert.Equal(spans["flow.processing"].SpanId, spans["node.DataProcessingNode"].ParentSpanId);
        Assert.Equal(3L, spans["node.DataProcessingNode"].Attributes["records_processed"]);
        Assert.Equal(1, monitor.Metrics.GetCounterValue("nodes.executed", [("node", "DataProcessingNode")]));
        Assert.Equal(1, monitor.Metrics.GetHistogramStats("node.duration", [("node", "DataProcessingNode")]).Count);
    }

    private static (AgentMonitor Monitor, TestClock Clock) Monitor()
    {
        var clock = new TestClock();
        return (new AgentMonitor(new MonitorOptions { ServiceName = "shop", TimeProvider = clock }), clock);
    }

    /// <summary>load -> check -> (premium | standard): three nodes run, one branch taken.</summary>
    private static (Flow Flow, ConditionalNode Check) OrderFlow(AgentMonitor monitor, Node load)
    {
        var check = new ConditionalNode(s => s.GetRequired<int>("total") > 100, new DelegateNode("premium"), new DelegateNode("standard"), name: "check");
        var flow = new Flow([load], name: "order") { Monitor = monitor }.AddTransition(load, check);
        return (flow, check);
    }

    /// <summary>Fails the first attempt of each run with "database busy", then stores a total of 150.</summary>
    private static Func<SharedStore, NodeResult> LoadOnSecondAttempt() => shared =>
    {
        if (!shared.Has("attempted"))
        {
            shared.Set("attempted", true);
            throw new IOException("database busy");
        }

        shared.Set("total", 150);
        return new() { ["total"] = 150 };
    };

    /// <summary>Spans by name, names in ordinal order: under a fake clock a parent and its child can start at the same instant.</summary>
    private static SortedDictionary<string, Span> ByName(IEnumerable<Span> spans) => new(spans.ToDictionary(s => s.Name), StringComparer.Ordinal);

    private static void AssertAttributes(Span span, params (string Key, object Value)[] expected) => AssertAttributes(span.Attributes, expected);

    private static void AssertAttributes(IReadOnlyDictionary<string, object?> actual, params (string Key, object Value)[] expected)
    {
        Assert.Equal(
            expected.Select(e => e.Key).Order(StringComparer.Ordinal),
            actual.Keys.Order(StringComparer.Ordinal));
        foreach (var (key, value) in expected) Assert.Equal(value, actual[key]);
    }

    /// <summary>
    /// A node instrumented by hand the way the generator instruments a <c>[Traced]</c> node: an override
    /// of the seam that wraps one whole execution in a <c>node.{Name}</c> span.
    /// </summary>
    private sealed class HandInstrumentedNode(string name, Func<SharedStore, NodeResult> work) : Node(name)
    {
        protected override NodeResult Exec(SharedStore shared) => work(shared);

        protected override NodeResult InvokeNode(SharedStore shared)
        {
            var monitor = AgentMonitor.Current;
            var clock = monitor.Options.TimeProvider;
            var span = monitor.Tracer.StartGenerated("node." + Name, clock.GetTimestamp());
            span.SetAttribute("node", Name);
            try
            {
                var result = base.InvokeNode(shared);
                span.EndAt(SpanStatus.Ok, clock.GetTimestamp());
                return result;
            }
            catch (Exception exception)
            {
                span.RecordException(exception);
                span.EndAt(SpanStatus.Error, clock.GetTimestamp());
                throw;
            }
        }
    }

    /// <summary>The guide's "Custom Node Monitoring" example, on the ambient monitor a flow sets.</summary>
    private sealed class DataProcessingNode : Node
    {
        private readonly AgentMonitor _monitor = AgentMonitor.GetMonitor();

        protected override NodeResult Exec(SharedStore shared)
        {
            // The guide keeps get_monitor() in a field; inside a flow the ambient monitor is the flow's.
            var monitor = AgentMonitor.Current;
            Assert.NotSame(_monitor, monitor);
            using var span = monitor.Tracer.Span($"node.{Name}");
            monitor.Metrics.Counter("nodes.executed", labels: [("node", Name)]);
            int[] result;
            using (monitor.Metrics.Timer("node.duration", labels: [("node", Name)]))
            {
                result = [.. shared.GetRequired<int[]>("records").Select(r => r * 2)];
            }

            span.SetAttribute("records_processed", result.Length);
            return new() { ["result"] = result };
        }
    }
}
