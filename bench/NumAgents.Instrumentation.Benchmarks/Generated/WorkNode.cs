using NumAgents.Core;

namespace NumAgents.Instrumentation.Benchmarks.Generated;

/// <summary>The same node with no instrumentation: the baseline every wrapper adds to.</summary>
public sealed class WorkNode() : Node("work")
{
    /// <summary>One result shared by every node, so the work itself allocates nothing.</summary>
    public static readonly NodeResult Result = new() { ["done"] = true };

    protected override NodeResult Exec(SharedStore shared) => Result;
}
