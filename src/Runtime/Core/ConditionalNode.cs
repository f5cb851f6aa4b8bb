namespace NumAgents.Core;

/// <summary>
/// A branch in a flow: a predicate over the <see cref="SharedStore"/> picks <see cref="TrueBranch"/>
/// or <see cref="FalseBranch"/> as the next node. A missing branch ends that path of the flow.
/// </summary>
/// <remarks>
/// The decision is part of the result (<see cref="ConditionKey"/>: the predicate's value,
/// <see cref="BranchKey"/>: the chosen node's name or <see langword="null"/>), which is what the flow
/// routes on, so one instance can decide differently in concurrent runs. A conditional node routes only
/// through its branches: giving it other successors is a validation error.
/// The decision is also reported to the ambient <see cref="IFlowMonitor"/> (a monitor records it on the
/// current span: <c>condition.{Name}</c> is the predicate's value and <c>condition.{Name}.branch</c> the
/// chosen node's name).
/// </remarks>
public class ConditionalNode : Node
{
    /// <summary>The result key holding the predicate's value (a <see cref="bool"/>).</summary>
    public const string ConditionKey = "condition";

    /// <summary>The result key holding the chosen branch's node name (<see langword="null"/> when that branch is empty).</summary>
    public const string BranchKey = "branch";

    private readonly Func<SharedStore, bool> _condition;

    /// <summary>Creates a conditional node.</summary>
    /// <param name="condition">The predicate; it runs once per attempt.</param>
    /// <param name="trueBranch">The node to run when the predicate is true; <see langword="null"/> ends the path.</param>
    /// <param name="falseBranch">The node to run when the predicate is false; <see langword="null"/> ends the path.</param>
    /// <param name="name">The node's name; by default the class name.</param>
    public ConditionalNode(Func<SharedStore, bool> condition, Node? trueBranch = null, Node? falseBranch = null, string? name = null)
        : base(name)
    {
        ArgumentNullException.ThrowIfNull(condition);
        _condition = condition;
        TrueBranch = trueBranch;
        FalseBranch = falseBranch;
    }

    /// <summary>The node that runs when the predicate is true, if any.</summary>
    public Node? TrueBranch { get; }

    /// <summary>The node that runs when the predicate is false, if any.</summary>
    public Node? FalseBranch { get; }

    /// <summary>Evaluates the predicate and returns the decision.</summary>
    /// <param name="shared">The shared store.</param>
    /// <returns><see cref="ConditionKey"/> and <see cref="BranchKey"/>.</returns>
    protected sealed override NodeResult Exec(SharedStore shared)
    {
        var decision = _condition(shared);
        var next = decision ? TrueBranch : FalseBranch;
        FlowMonitors.ConditionDecided(this, decision, next);
        return new() { [ConditionKey] = decision, [BranchKey] = next?.Name };
    }

    internal Node? Route(NodeResult? result)
        => result is not null && result.TryGetValue(ConditionKey, out var value) && value is bool decision
            ? (decision ? TrueBranch : FalseBranch)
            : null;
}
