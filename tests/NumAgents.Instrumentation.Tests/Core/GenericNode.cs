using NumAgents.Core;

namespace NumAgents.Instrumentation.Tests.Core;

internal sealed class GenericNode<T> : Node
{
    protected override NodeResult Exec(SharedStore shared) => new() { ["type"] = typeof(T).Name };
}
