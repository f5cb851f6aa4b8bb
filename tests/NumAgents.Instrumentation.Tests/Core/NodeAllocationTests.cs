using NumAgents.Core;
using NumAgents.Instrumentation.Tests.Infrastructure;

namespace NumAgents.Instrumentation.Tests.Core;

public sealed class NodeAllocationTests
{
    [Fact]
    public void Running_a_sync_node_allocates_nothing_beyond_its_result()
    {
        var result = new NodeResult { ["v"] = 1 };
        var node = new DelegateNode("cached", _ => result);
        node.AddBeforeHook((_, _) => { }).AddAfterHook((_, _, _) => { });
        var store = new SharedStore();
        node.Run(store);

        var allocated = Allocations.Measure(
            () =>
            {
                for (var i = 0; i < 10_000; i++) node.Run(store);
            },
            out var runs);

        Assert.Equal(0, allocated);
        Assert.Equal(1 + (10_000 * runs), node.Attempts);
    }

    [Fact]
    public void A_flow_run_allocates_in_proportion_to_its_nodes()
    {
        var small = Chain(500);
        var large = Chain(1000);
        small.Execute();
        large.Execute();

        var smallBytes = Measure(small);
        var largeBytes = Measure(large);

        Assert.InRange(largeBytes, smallBytes, smallBytes * 2.5);

        static long Measure(Flow flow)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            flow.Execute();
            return GC.GetAllocatedBytesForCurrentThread() - before;
        }
    }

    private static Flow Chain(int length)
    {
        var result = new NodeResult();
        var nodes = Enumerable.Range(0, length).Select(i => new DelegateNode("n" + i, _ => result)).ToArray();
        var flow = new Flow([nodes[0]]);
        for (var i = 0; i + 1 < nodes.Length; i++) flow.AddTransition(nodes[i], nodes[i + 1]);
        return flow;
    }
}
