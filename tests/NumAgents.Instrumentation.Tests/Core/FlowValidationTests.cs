using NumAgents.Core;

namespace NumAgents.Instrumentation.Tests.Core;

public sealed class FlowValidationTests
{
    [Fact]
    public void A_flow_without_nodes_has_no_start_node()
    {
        var flow = new Flow(name: "empty");
        var error = Assert.Throws<FlowValidationException>(flow.Validate);
        Assert.Contains("Flow 'empty' has no start node", error.Message, StringComparison.Ordinal);
        Assert.Throws<FlowValidationException>(() => flow.Execute());
    }

    [Fact]
    public void A_cycle_is_reported_with_its_nodes_in_order()
    {
        var a = new DelegateNode("a");
        var b = new DelegateNode("b");
        var c = new DelegateNode("c");
        var flow = new Flow([new DelegateNode("start")], name: "loop");
        flow.AddTransition(flow.StartNode!, a).AddTransition(a, b).AddTransition(b, c);
        c.AddNext(a);

        var error = Assert.Throws<FlowValidationException>(flow.Validate);

        Assert.Equal(["a", "b", "c", "a"], error.NodeNames);
        Assert.Equal("loop", error.FlowName);
        Assert.Contains("Flow 'loop' has a cycle: a -> b -> c -> a.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_conditional_branch_back_to_an_earlier_node_is_a_cycle()
    {
        var retry = new DelegateNode("work");
        var check = new ConditionalNode(_ => false, trueBranch: null, falseBranch: retry, name: "check");
        retry.AddNext(check);

        var error = Assert.Throws<FlowValidationException>(new Flow([retry]).Validate);

        Assert.Equal(["work", "check", "work"], error.NodeNames);
    }

    [Fact]
    public void Duplicate_names_are_rejected_because_results_are_keyed_by_name()
    {
        var flow = new Flow([new DelegateNode("step"), new DelegateNode("step")]);
        var error = Assert.Throws<FlowValidationException>(flow.Validate);
        Assert.Equal(["step"], error.NodeNames);
        Assert.Contains("more than one node named 'step'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unreachable_nodes_are_named()
    {
        var a = new DelegateNode("a");
        var b = new DelegateNode("b");
        var c = new DelegateNode("c");
        var flow = new Flow([a, b, c], name: "g").AddTransition(a, c);

        var error = Assert.Throws<FlowValidationException>(flow.Validate);

        Assert.Equal(["b"], error.NodeNames);
        Assert.Contains("'b' cannot be reached from the start node 'a'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Nodes_before_the_start_of_a_sequence_are_unreachable()
    {
        var a = new DelegateNode("a");
        var b = new DelegateNode("b");
        var error = Assert.Throws<FlowValidationException>(new Flow([a, b]).SetStart(b).Validate);
        Assert.Equal(["a"], error.NodeNames);
    }

    [Fact]
    public void A_conditional_node_routes_only_through_its_branches()
    {
        var check = new ConditionalNode(_ => true, new DelegateNode("yes"), name: "check");
        var other = new DelegateNode("other");
        var flow = new Flow([check]).AddTransition(check, other);

        var error = Assert.Throws<FlowValidationException>(flow.Validate);

        Assert.Equal(["check", "other"], error.NodeNames);
    }

    [Fact]
    public void A_long_chain_validates_without_recursion()
    {
        var nodes = Enumerable.Range(0, 50_000).Select(i => new DelegateNode("n" + i, _ => [])).ToArray();
        var flow = new Flow([nodes[0]]);
        for (var i = 0; i + 1 < nodes.Length; i++) flow.AddTransition(nodes[i], nodes[i + 1]);

        flow.Validate();
        Assert.Equal(50_000, flow.Execute().NodesExecuted.Count);
    }
}
