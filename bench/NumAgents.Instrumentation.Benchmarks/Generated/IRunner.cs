using NumAgents.Core;

namespace NumAgents.Instrumentation.Benchmarks.Generated;

/// <summary>What a DispatchProxy can wrap: runtime interception needs an interface.</summary>
public interface IRunner
{
    NodeResult Run(SharedStore shared);

    int Add(int a, int b);
}
