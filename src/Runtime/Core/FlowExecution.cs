namespace NumAgents.Core;

/// <summary>The record of one flow run, kept in <see cref="Flow.History"/> and carried by its <see cref="FlowResult"/>.</summary>
public sealed class FlowExecution
{
    internal FlowExecution(string flowName, DateTimeOffset startedAt, TimeSpan duration, FlowOutcome outcome, IReadOnlyList<string> nodesExecuted, IReadOnlyList<NodeError> errors, string? traceId)
    {
        FlowName = flowName;
        StartedAt = startedAt;
        Duration = duration;
        Outcome = outcome;
        NodesExecuted = nodesExecuted;
        Errors = errors;
        TraceId = traceId;
    }

    /// <summary>The flow's name.</summary>
    public string FlowName { get; }

    /// <summary>When the run started, by the flow's clock.</summary>
    public DateTimeOffset StartedAt { get; }

    /// <summary>How long the run took, by the flow's clock (monotonic).</summary>
    public TimeSpan Duration { get; }

    /// <summary>How the run ended.</summary>
    public FlowOutcome Outcome { get; }

    /// <summary>The names of the nodes that ran, failed ones included, in the order they ran.</summary>
    public IReadOnlyList<string> NodesExecuted { get; }

    /// <summary>The nodes that failed, in order.</summary>
    public IReadOnlyList<NodeError> Errors { get; }

    /// <summary>The id of the trace that holds the run's span, when that span was recorded (tracing on and the trace sampled in).</summary>
    public string? TraceId { get; }

    /// <summary>A one-line summary.</summary>
    public override string ToString()
        => $"{FlowName}: {Outcome} in {Duration.TotalMilliseconds} ms, {NodesExecuted.Count} node(s), {Errors.Count} error(s)";
}
