using NumAgents.Core;

namespace NumAgents.Instrumentation.Benchmarks.Generated;

/// <summary>The plain work behind <see cref="IRunner"/>, for the DispatchProxy to wrap.</summary>
public sealed class Runner(Node node) : IRunner
{
    public NodeResult Run(SharedStore shared) => node.Run(shared);

    public int Add(int a, int b) => a + b;
}
