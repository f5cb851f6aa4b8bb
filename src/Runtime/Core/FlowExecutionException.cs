namespace NumAgents.Core;

/// <summary>
/// A node failed in a fail-fast flow. <see cref="Exception.InnerException"/> is the node's exception,
/// the same object it threw; <see cref="PartialResult"/> holds what ran before it.
/// </summary>
public sealed class FlowExecutionException : Exception
{
    internal FlowExecutionException(string flowName, string nodeName, Exception innerException, FlowResult partialResult)
        : base($"Node '{nodeName}' failed in flow '{flowName}': {innerException.GetType().Name}: {innerException.Message}", innerException)
    {
        FlowName = flowName;
        NodeName = nodeName;
        PartialResult = partialResult;
    }

    /// <summary>The flow's name.</summary>
    public string FlowName { get; }

    /// <summary>The name of the node that failed.</summary>
    public string NodeName { get; }

    /// <summary>The results of the nodes that succeeded before the failure, and the run's record.</summary>
    public FlowResult PartialResult { get; }
}
