namespace NumAgents.Core;

/// <summary>A node that failed during a flow run, and why.</summary>
public sealed class NodeError
{
    internal NodeError(Node node, Exception exception)
    {
        NodeName = node.Name;
        NodeId = node.Id;
        Exception = exception;
    }

    /// <summary>The node's name.</summary>
    public string NodeName { get; }

    /// <summary>The node's id.</summary>
    public string NodeId { get; }

    /// <summary>The exception the node failed with (the same object it threw).</summary>
    public Exception Exception { get; }

    /// <summary><c>{node}: {type}: {message}</c>.</summary>
    public override string ToString() => $"{NodeName}: {Exception.GetType().Name}: {Exception.Message}";
}
