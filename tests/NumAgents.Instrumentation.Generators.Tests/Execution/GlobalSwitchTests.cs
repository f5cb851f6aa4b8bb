using NumAgents.Core;
using NumAgents.Instrumentation.Generators.Tests.Infrastructure;

namespace NumAgents.Instrumentation.Generators.Tests.Execution;

/// <summary>
/// <see cref="GeneratedInstrumentation.IsEnabled"/> is process-wide, so these tests run alone, after the
/// parallel ones.
/// </summary>
[CollectionDefinition(nameof(GlobalSwitchTests), DisableParallelization = true)]
[Collection(nameof(GlobalSwitchTests))]
public sealed class GlobalSwitchTests
{
    private const string Source = """
        using NumAgents.Core;
        using NumAgents.Instrumentation;

        namespace Switch;

        [Traced, Timed, Counted]
        public partial class WorkNode : Node
        {
            protected override NodeResult Exec(SharedStore shared) => new();
        }

        public static class Math
        {
            [Traced, Timed, Counted]
            public static int Add(int a, int b) => a + b;

            public static int AddOne(int value) => Add(value, 1);
        }
        """;

    [Fact]
    public void Switched_off_generated_code_calls_straight_through_even_under_an_enabled_monitor()
    {
        using var compiled = CompiledAssembly.Compile(Source);
        var monitor = new AgentMonitor(new MonitorOptions { EnableLogging = false });
        var node = compiled.Create<Node>("Switch.WorkNode");
        var addOne = compiled.Method<Func<int, int>>("Switch.Math", "AddOne");
        using (AgentMonitor.Use(monitor))
        {
            GeneratedInstrumentation.IsEnabled = false;
            try
            {
                node.Run(new SharedStore());
                Assert.Equal(2, addOne(1));
                for (var i = 0; i < 100; i++) addOne(i);
                var before = GC.GetAllocatedBytesForCurrentThread();
                for (var i = 0; i < 1000; i++) addOne(i);
                Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
                Assert.Empty(monitor.Metrics.GetAllMetrics());
                Assert.Empty(monitor.Tracer.GetAllSpans());
            }
            finally
            {
                GeneratedInstrumentation.IsEnabled = true;
            }

            node.Run(new SharedStore());
            addOne(1);
        }

        Assert.Equal(1, monitor.Metrics.GetCounterValue("nodes.executed", [("node", "WorkNode"), ("outcome", "success")]));
        Assert.Equal(1, monitor.Metrics.GetCounterValue("method.invocations", [("class", "Math"), ("method", "Add"), ("outcome", "success")]));
        Assert.Equal(2, monitor.Tracer.GetAllSpans().Count);
    }

    [Fact]
    public void The_switch_is_on_unless_the_runtime_configuration_turns_it_off()
    {
        Assert.True(GeneratedInstrumentation.IsEnabled);
        Assert.False(AppContext.TryGetSwitch(GeneratedInstrumentation.SwitchName, out _));
    }
}
