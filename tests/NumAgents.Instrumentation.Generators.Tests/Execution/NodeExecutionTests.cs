using Microsoft.Extensions.Time.Testing;
using NumAgents.Core;
using NumAgents.Instrumentation.Generators.Tests.Infrastructure;

namespace NumAgents.Instrumentation.Generators.Tests.Execution;

/// <summary>Attributed node classes compiled with the generator and run: what they record.</summary>
/// <remarks>
/// One piece although it is over 350 lines: every test runs nodes of the one source below, compiled once by the
/// class fixture (a compilation with the generator is the slow part); splitting the tests would split or repeat it.
/// </remarks>
public sealed class NodeExecutionTests : IClassFixture<NodeExecutionTests.Compiled>
{
    private const string Source = """
        using System;
        using System.Threading;
        using System.Threading.Tasks;
        using NumAgents.Core;
        using NumAgents.Instrumentation;

        namespace Exec.Nodes;

        [Traced, Timed, Counted]
        public partial class WorkNode : Node
        {
            public WorkNode(string? name = null) : base(name)
            {
            }

            protected override NodeResult Exec(SharedStore shared)
            {
                shared.Get<Action>("work")?.Invoke();
                return new() { ["done"] = true };
            }
        }

        [Traced, Timed, Counted]
        public sealed partial class FailingNode : Node
        {
            protected override NodeResult Exec(SharedStore shared)
            {
                shared.Get<Action>("work")?.Invoke();
                throw shared.GetRequired<Exception>("error");
            }
        }

        [Traced, Timed, Counted]
        public partial class FetchNode : AsyncNode
        {
            protected override async Task<NodeResult> ExecAsync(SharedStore shared, CancellationToken cancellationToken)
            {
                await Task.Yield();
                shared.Get<Action>("work")?.Invoke();
                if (shared.Has("error")) throw shared.GetRequired<Exception>("error");
                return new() { ["fetched"] = true };
            }
        }

        [Timed("llm.latency", Description = "Model latency", ExtraLabels = ["team=search"], Buckets = [10, 100], RecordOutcome = true)]
        [Counted("llm.failures", ExtraLabels = ["team=search"], RecordFailuresOnly = true)]
        public sealed partial class LlmNode : Node
        {
            [Label]
            public string ModelName { get; set; } = "small";

            protected override NodeResult Exec(SharedStore shared)
            {
                shared.Get<Action>("work")?.Invoke();
                if (shared.Has("error")) throw shared.GetRequired<Exception>("error");
                return new();
            }
        }

        public abstract class ToolNode : Node
        {
            [Label]
            public string Tool { get; init; } = "generic";
        }

        [Counted]
        public partial class SearchNode : ToolNode
        {
            protected override NodeResult Exec(SharedStore shared) => new();
        }

        [Counted("web.searches")]
        public sealed partial class WebSearchNode : SearchNode
        {
        }

        public static partial class Outer<T>
        {
            [Counted]
            public sealed partial class GenericNode<TValue> : Node
            {
                protected override NodeResult Exec(SharedStore shared) => new();
            }
        }
        """;

    private readonly Compiled _compiled;

    public NodeExecutionTests(Compiled compiled)
    {
        _compiled = compiled;
    }

    [Fact]
    public void A_node_execution_records_its_timer_and_counter_with_the_monitor_clock()
    {
        var (monitor, clock) = NewMonitor();
        var node = _compiled.Assembly.Create<Node>("Exec.Nodes.WorkNode", [null]);
        using (AgentMonitor.Use(monitor))
        {
            node.Run(Work(clock, 25));
            node.Run(Work(clock, 15));
        }

        Assert.Equal(2, monitor.Metrics.GetCounterValue("nodes.executed", [("node", "WorkNode"), ("outcome", "success")]));
        var duration = monitor.Metrics.GetHistogramStats("node.duration", [("node", "WorkNode")]);
        Assert.Equal(2, duration.Count);
        Assert.Equal(40, duration.Sum, 9);
        Assert.Equal(MetricType.Timer, monitor.Metrics.GetMetric("node.duration").Single().Type);

        // One span per execution, sharing the timer's start and end timestamps.
        var spans = monitor.Tracer.GetAllSpans();
        Assert.Equal(["node.WorkNode", "node.WorkNode"], spans.Select(s => s.Name));
        Assert.Equal([25.0, 15.0], spans.Select(s => s.DurationMs!.Value));
        Assert.All(spans, s => Assert.Equal(SpanStatus.Ok, s.Status));
        Assert.All(spans, s => Assert.Equal("WorkNode", s.Attributes["node"]));
        Assert.All(spans, s => Assert.Null(s.ParentSpanId));
    }

    [Fact]
    public void A_failure_is_counted_by_type_timed_and_rethrown_as_the_same_object()
    {
        var (monitor, clock) = NewMonitor();
        var node = _compiled.Assembly.Create<Node>("Exec.Nodes.FailingNode");
        var error = new InvalidOperationException("boom");
        var shared = Work(clock, 7);
        shared.Set("error", error);

        Exception thrown;
        using (AgentMonitor.Use(monitor))
        {
            thrown = Assert.Throws<InvalidOperationException>(() => node.Run(shared));
        }

        Assert.Same(error, thrown);
        Assert.Contains("FailingNode.Exec", thrown.StackTrace, StringComparison.Ordinal);
        Assert.Equal(1, monitor.Metrics.GetCounterValue("nodes.executed", [("node", "FailingNode"), ("outcome", "failure"), ("error_type", "InvalidOperationException")]));
        Assert.Equal(0, monitor.Metrics.GetCounterValue("nodes.executed", [("node", "FailingNode"), ("outcome", "success")]));
        Assert.Equal(7, monitor.Metrics.GetHistogramStats("node.duration", [("node", "FailingNode")]).Sum, 9);

        var span = Assert.Single(monitor.Tracer.GetAllSpans());
        Assert.Equal("node.FailingNode", span.Name);
        Assert.Equal(SpanStatus.Error, span.Status);
        Assert.Equal("System.InvalidOperationException: boom", span.Error);
        Assert.Equal("InvalidOperationException", span.Attributes["error_type"]);
        Assert.Equal(7, span.DurationMs);
        var exceptionEvent = Assert.Single(span.Events, e => e.Name == "exception");
        Assert.Equal(typeof(InvalidOperationException).FullName, exceptionEvent.Attributes["exception.type"]);
    }

    [Fact]
    public void Spans_started_inside_a_node_are_its_children_and_the_caller_span_is_restored()
    {
        var (monitor, clock) = NewMonitor();
        var node = _compiled.Assembly.Create<Node>("Exec.Nodes.WorkNode", [null]);
        var shared = new SharedStore();
        shared.Set("work", new Action(() =>
        {
            using var child = monitor.Tracer.Span("inner.step");
            clock.Advance(TimeSpan.FromMilliseconds(2));
        }));

        Span outer;
        using (AgentMonitor.Use(monitor))
        using (outer = monitor.Tracer.Span("request"))
        {
            node.Run(shared);
            Assert.Same(outer, monitor.Tracer.CurrentSpan);
        }

        var spans = monitor.Tracer.GetAllSpans().ToDictionary(s => s.Name);
        Assert.Equal(outer.SpanId, spans["node.WorkNode"].ParentSpanId);
        Assert.Equal(spans["node.WorkNode"].SpanId, spans["inner.step"].ParentSpanId);
        Assert.Equal(outer.TraceId, spans["inner.step"].TraceId);
    }

    [Fact]
    public async Task An_async_node_is_timed_to_completion_on_both_paths()
    {
        var (monitor, clock) = NewMonitor();
        var node = _compiled.Assembly.Create<Node>("Exec.Nodes.FetchNode");
        using (AgentMonitor.Use(monitor))
        {
            await node.RunAsync(Work(clock, 30));
            node.Run(Work(clock, 10));
            var failing = Work(clock, 5);
            failing.Set("error", new TimeoutException("slow"));
            await Assert.ThrowsAsync<TimeoutException>(() => node.RunAsync(failing));
        }

        Assert.Equal(2, monitor.Metrics.GetCounterValue("nodes.executed", [("node", "FetchNode"), ("outcome", "success")]));
        Assert.Equal(1, monitor.Metrics.GetCounterValue("nodes.executed", [("node", "FetchNode"), ("outcome", "failure"), ("error_type", "TimeoutException")]));
        var duration = monitor.Metrics.GetHistogramStats("node.duration", [("node", "FetchNode")]);
        Assert.Equal(3, duration.Count);
        Assert.Equal(45, duration.Sum, 9);
        Assert.Equal([30.0, 10.0, 5.0], monitor.Tracer.GetAllSpans().Select(s => s.DurationMs!.Value));
        Assert.Equal([SpanStatus.Ok, SpanStatus.Ok, SpanStatus.Error], monitor.Tracer.GetAllSpans().Select(s => s.Status));
    }

    [Fact]
    public void Names_extra_labels_buckets_outcome_labels_failures_only_and_label_properties_apply()
    {
        var (monitor, clock) = NewMonitor();
        var node = _compiled.Assembly.Create<Node>("Exec.Nodes.LlmNode");
        using (AgentMonitor.Use(monitor))
        {
            node.Run(Work(clock, 50));
            node.GetType().GetProperty("ModelName")!.SetValue(node, "large");
            node.Run(Work(clock, 150));
            var failing = Work(clock, 5);
            failing.Set("error", new ArgumentException("bad prompt"));
            Assert.Throws<ArgumentException>(() => node.Run(failing));
        }

        var metrics = monitor.Metrics;
        Assert.Equal(1, metrics.GetHistogramStats("llm.latency", [("node", "LlmNode"), ("model_name", "small"), ("team", "search"), ("outcome", "success")]).Count);
        Assert.Equal(1, metrics.GetHistogramStats("llm.latency", [("node", "LlmNode"), ("model_name", "large"), ("team", "search"), ("outcome", "success")]).Count);
        Assert.Equal(5, metrics.GetHistogramStats("llm.latency", [("node", "LlmNode"), ("model_name", "large"), ("team", "search"), ("outcome", "failure"), ("error_type", "ArgumentException")]).Sum, 9);
        Assert.Equal(1, metrics.GetCounterValue("llm.failures", [("node", "LlmNode"), ("model_name", "large"), ("team", "search"), ("outcome", "failure"), ("error_type", "ArgumentException")]));
        Assert.DoesNotContain(metrics.GetMetric("llm.failures"), m => m.Labels["outcome"] == "success");
        Assert.Null(metrics.GetMetric("nodes.executed").FirstOrDefault());

        var prometheus = metrics.ExportPrometheus();
        // Exported with Prometheus's conventional names (issue 15): a timer in seconds, its bounds (10 and 100 ms) too.
        Assert.Contains("# HELP llm_latency_seconds Model latency", prometheus, StringComparison.Ordinal);
        Assert.Contains("llm_latency_seconds_bucket{error_type=\"ArgumentException\",model_name=\"large\",node=\"LlmNode\",outcome=\"failure\",team=\"search\",le=\"0.01\"} 1", prometheus, StringComparison.Ordinal);
        Assert.Contains("le=\"0.1\"", prometheus, StringComparison.Ordinal);
        Assert.DoesNotContain("le=\"0.25\"", prometheus, StringComparison.Ordinal);

        // Not [Traced]: no span.
        Assert.Empty(monitor.Tracer.GetAllSpans());
    }

    [Fact]
    public void A_metric_that_cannot_be_bound_is_contained_and_counted_while_the_node_runs_on()
    {
        var (monitor, clock) = NewMonitor();
        monitor.Metrics.Counter("node.duration", labels: [("node", "WorkNode")]);
        var node = _compiled.Assembly.Create<Node>("Exec.Nodes.WorkNode", [null]);
        NodeResult result;
        using (AgentMonitor.Use(monitor))
        {
            result = node.Run(Work(clock, 4));
        }

        Assert.Equal(true, result["done"]);
        Assert.Equal(1, monitor.GetStatistics().InstrumentationErrors);
        Assert.Equal(4, Assert.Single(monitor.Tracer.GetAllSpans()).DurationMs);
    }

    [Fact]
    public void A_derived_instrumented_node_is_recorded_once_by_its_own_attributes_and_reads_inherited_labels()
    {
        var (monitor, clock) = NewMonitor();
        var search = _compiled.Assembly.Create<Node>("Exec.Nodes.SearchNode");
        var web = _compiled.Assembly.Create<Node>("Exec.Nodes.WebSearchNode");
        using (AgentMonitor.Use(monitor))
        {
            search.Run(Work(clock, 1));
            web.Run(Work(clock, 1));
            web.Run(Work(clock, 1));
        }

        Assert.Equal(1, monitor.Metrics.GetCounterValue("nodes.executed", [("node", "SearchNode"), ("tool", "generic"), ("outcome", "success")]));
        Assert.Equal(2, monitor.Metrics.GetCounterValue("web.searches", [("node", "WebSearchNode"), ("tool", "generic"), ("outcome", "success")]));
        Assert.DoesNotContain(monitor.Metrics.GetMetric("nodes.executed"), m => m.Labels["node"] == "WebSearchNode");
    }

    [Fact]
    public void Node_instances_are_labelled_by_their_own_names_and_generic_nodes_work()
    {
        var (monitor, clock) = NewMonitor();
        var generic = Activator.CreateInstance(_compiled.Assembly.Type("Exec.Nodes.Outer`1+GenericNode`1").MakeGenericType(typeof(int), typeof(string)))!;
        using (AgentMonitor.Use(monitor))
        {
            _compiled.Assembly.Create<Node>("Exec.Nodes.WorkNode", "first").Run(Work(clock, 1));
            _compiled.Assembly.Create<Node>("Exec.Nodes.WorkNode", "second").Run(Work(clock, 1));
            ((Node)generic).Run(Work(clock, 1));
        }

        Assert.Equal(1, monitor.Metrics.GetCounterValue("nodes.executed", [("node", "first"), ("outcome", "success")]));
        Assert.Equal(1, monitor.Metrics.GetCounterValue("nodes.executed", [("node", "second"), ("outcome", "success")]));
        Assert.True(1 == monitor.Metrics.GetCounterValue("nodes.executed", [("node", "GenericNode"), ("outcome", "success")]), string.Join(", ", monitor.Metrics.GetMetric("nodes.executed")));
    }

    [Fact]
    public void A_flow_records_into_its_monitor_and_a_disabled_monitor_records_nothing()
    {
        var (monitor, clock) = NewMonitor();
        var disabled = new AgentMonitor(new MonitorOptions { EnableMetrics = false, EnableTracing = false, TimeProvider = clock });
        var node = _compiled.Assembly.Create<Node>("Exec.Nodes.WorkNode", [null]);

        new Flow([node]) { Monitor = monitor }.Execute(Work(clock, 3));
        var result = new Flow([node]) { Monitor = disabled }.Execute(Work(clock, 3));

        Assert.Equal(true, result["WorkNode"]["done"]);
        Assert.Equal(1, monitor.Metrics.GetCounterValue("nodes.executed", [("node", "WorkNode"), ("outcome", "success")]));
        Assert.Empty(disabled.Metrics.GetAllMetrics());
        Assert.Empty(disabled.Tracer.GetAllSpans());

        // The flow's run is one trace; the node's span is a child of the flow's.
        var spans = monitor.Tracer.GetAllSpans().ToDictionary(s => s.Name);
        Assert.Equal(spans["flow.Flow"].SpanId, spans["node.WorkNode"].ParentSpanId);
        Assert.Equal(spans["flow.Flow"].TraceId, spans["node.WorkNode"].TraceId);
    }

    [Fact]
    public void Handles_are_bound_once_so_an_execution_allocates_nothing_for_its_metrics()
    {
        // A clock that never moves keeps the histogram's storage put (every duration is 0).
        var clock = new FakeTimeProvider();
        var monitor = new AgentMonitor(new MonitorOptions { EnableTracing = false, TimeProvider = clock });
        var node = _compiled.Assembly.Create<Node>("Exec.Nodes.WorkNode", [null]);
        var shared = new SharedStore();
        using (AgentMonitor.Use(monitor))
        {
            // Past 1,024 observations a histogram keeps a fixed-size sketch instead of growing its
            // exact samples, so from then on nothing the series holds grows.
            for (var i = 0; i < HistogramHandle.ExactSampleLimit + 10; i++) node.Run(shared);
            var baseline = Allocated(() => node.Run(shared), 200);

            // The same node with the binding forced to be rebuilt on every run (alternating monitors)
            // allocates more: that is what caching the binding saves.
            var other = new AgentMonitor(new MonitorOptions { EnableTracing = false, TimeProvider = clock });
            var rebinding = Allocated(
                () =>
                {
                    using (AgentMonitor.Use(other)) node.Run(shared);
                    node.Run(shared);
                },
                100);

            // The same node under a monitor that records nothing runs without instrumentation.
            using (AgentMonitor.Use(new AgentMonitor(new MonitorOptions { EnableMetrics = false, EnableTracing = false })))
            {
                node.Run(shared);
                var plain = Allocated(() => node.Run(shared), 200);
                Assert.Equal(plain, baseline);
            }

            Assert.True(rebinding > baseline * 2, $"rebinding {rebinding} B, cached {baseline} B per run");
        }

        Assert.Equal(HistogramHandle.ExactSampleLimit + 10 + 200 + 100, monitor.Metrics.GetCounterValue("nodes.executed", [("node", "WorkNode"), ("outcome", "success")]));
    }

    private static long Allocated(Action action, int iterations)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < iterations; i++) action();
        return (GC.GetAllocatedBytesForCurrentThread() - before) / iterations;
    }

    private static (AgentMonitor Monitor, FakeTimeProvider Clock) NewMonitor()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        return (new AgentMonitor(new MonitorOptions { ServiceName = "generated_tests", TimeProvider = clock }), clock);
    }

    private static SharedStore Work(FakeTimeProvider clock, int milliseconds)
    {
        var shared = new SharedStore();
        shared.Set("work", new Action(() => clock.Advance(TimeSpan.FromMilliseconds(milliseconds))));
        return shared;
    }

    public sealed class Compiled : IDisposable
    {
        internal CompiledAssembly Assembly { get; } = CompiledAssembly.Compile(Source);

        public void Dispose() => Assembly.Dispose();
    }
}
