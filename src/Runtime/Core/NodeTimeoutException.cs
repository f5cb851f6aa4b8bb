namespace NumAgents.Core;

/// <summary>An attempt of a node took longer than its <see cref="Node.Timeout"/>.</summary>
public sealed class NodeTimeoutException : TimeoutException
{
    /// <summary>Creates the exception for a node and its timeout.</summary>
    /// <param name="nodeName">The node's name.</param>
    /// <param name="timeout">The timeout that passed.</param>
    public NodeTimeoutException(string nodeName, TimeSpan timeout)
        : base($"Node '{nodeName}' did not complete an attempt within its timeout of {timeout}.")
    {
        NodeName = nodeName;
        Timeout = timeout;
    }

    /// <summary>The node that timed out.</summary>
    public string NodeName { get; }

    /// <summary>The timeout that passed.</summary>
    public TimeSpan Timeout { get; }
}
