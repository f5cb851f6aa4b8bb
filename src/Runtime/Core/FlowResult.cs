using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace NumAgents.Core;

/// <summary>
/// What a flow run produced: each node's <see cref="NodeResult"/> by node name, the shared store the
/// nodes worked on, and the run's record (duration, nodes executed, errors).
/// </summary>
public sealed class FlowResult : IReadOnlyDictionary<string, NodeResult>
{
    private readonly OrderedDictionary<string, NodeResult> _results;

    internal FlowResult(OrderedDictionary<string, NodeResult> results, SharedStore shared, FlowExecution execution)
    {
        _results = results;
        Shared = shared;
        Execution = execution;
    }

    /// <summary>The flow's name.</summary>
    public string FlowName => Execution.FlowName;

    /// <summary>The shared store of the run, as the nodes left it.</summary>
    public SharedStore Shared { get; }

    /// <summary>The run's record (also kept in <see cref="Flow.History"/>).</summary>
    public FlowExecution Execution { get; }

    /// <summary>Whether every node that ran succeeded.</summary>
    public bool Succeeded => Execution.Outcome == FlowOutcome.Succeeded;

    /// <summary>How long the run took.</summary>
    public TimeSpan Duration => Execution.Duration;

    /// <summary>The names of the nodes that ran, in order.</summary>
    public IReadOnlyList<string> NodesExecuted => Execution.NodesExecuted;

    /// <summary>The nodes that failed (only a flow that collects errors returns a result with any).</summary>
    public IReadOnlyList<NodeError> Errors => Execution.Errors;

    /// <summary>The number of node results.</summary>
    public int Count => _results.Count;

    /// <summary>The names of the nodes with a result.</summary>
    public IEnumerable<string> Keys => _results.Keys;

    /// <summary>The node results.</summary>
    public IEnumerable<NodeResult> Values => _results.Values;

    /// <summary>The result of the node named <paramref name="nodeName"/>.</summary>
    /// <param name="nodeName">The node's name.</param>
    /// <exception cref="KeyNotFoundException">That node has no result (the message names it and the nodes that have one).</exception>
    public NodeResult this[string nodeName]
    {
        get
        {
            ArgumentNullException.ThrowIfNull(nodeName);
            if (_results.TryGetValue(nodeName, out var result)) return result;
            var known = _results.Count == 0 ? "no node has one" : "results exist for " + string.Join(", ", _results.Keys.Select(k => $"'{k}'"));
            throw new KeyNotFoundException($"Flow '{FlowName}' has no result for node '{nodeName}'; {known}.");
        }
    }

    /// <summary>Whether the node named <paramref name="key"/> has a result.</summary>
    /// <param name="key">The node's name.</param>
    public bool ContainsKey(string key) => _results.ContainsKey(key);

    /// <summary>Gets the result of the node named <paramref name="key"/>.</summary>
    /// <param name="key">The node's name.</param>
    /// <param name="value">Its result, when it has one.</param>
    public bool TryGetValue(string key, [MaybeNullWhen(false)] out NodeResult value) => _results.TryGetValue(key, out value);

    /// <summary>Enumerates node names and results, in the order the nodes ran.</summary>
    public IEnumerator<KeyValuePair<string, NodeResult>> GetEnumerator() => _results.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
