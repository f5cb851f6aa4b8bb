namespace NumAgents.Core;

/// <summary>How a flow run ended.</summary>
public enum FlowOutcome
{
    /// <summary>Every node that ran succeeded.</summary>
    Succeeded,

    /// <summary>A node failed (the run stopped there when fail-fast, or collected the errors and went on), or a flow hook threw.</summary>
    Failed,

    /// <summary>The run's cancellation token was cancelled.</summary>
    Canceled,
}
