namespace NumAgents.Core;

/// <summary>
/// A flow cannot run as configured: no start node, a cycle, duplicate node names, an unreachable
/// node, or a conditional node with successors besides its branches.
/// </summary>
public sealed class FlowValidationException : InvalidOperationException
{
    internal FlowValidationException(string flowName, string message, IReadOnlyList<string> nodeNames)
        : base(message)
    {
        FlowName = flowName;
        NodeNames = nodeNames;
    }

    /// <summary>The flow's name.</summary>
    public string FlowName { get; }

    /// <summary>
    /// The nodes the problem is about: for a cycle, the nodes around it in order, the first repeated at
    /// the end (<c>a, b, c, a</c>).
    /// </summary>
    public IReadOnlyList<string> NodeNames { get; }
}
