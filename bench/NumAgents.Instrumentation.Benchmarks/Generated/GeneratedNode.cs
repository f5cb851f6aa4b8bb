using NumAgents.Core;

namespace NumAgents.Instrumentation.Benchmarks.Generated;

/// <summary>The node under test, instrumented by the source generator: one span, timer and counter per execution.</summary>
[Traced, Timed, Counted]
public sealed partial class GeneratedNode() : Node("work")
{
    protected override NodeResult Exec(SharedStore shared) => WorkNode.Result;
}
