namespace NumAgents.Core;

/// <summary>
/// What a <see cref="Flow"/> and its nodes report to: the seam through which monitoring observes the
/// flow engine, which knows nothing of metrics or traces. <c>AgentMonitor</c> implements it; set it as
/// <see cref="Flow.Monitor"/>, or let a flow find the ambient one.
/// </summary>
/// <remarks>
/// Implementations must not throw: the engine contains any exception from these calls (the run goes on
/// unchanged and the failure is reported on the <c>NumAgents-Instrumentation</c> event source), but an
/// implementation should count and report its own failures.
/// </remarks>
public interface IFlowMonitor
{
    /// <summary>The clock that times runs and, unless a node sets its own, the nodes' back-off waits.</summary>
    TimeProvider TimeProvider { get; }

    /// <summary>
    /// A run of <paramref name="flow"/> starts, on the run's async flow. The returned observer sees the rest
    /// of the run and is disposed when the run is over; while it lives, this monitor is the one the run's
    /// nodes (and the instrumentation generated for them) report to.
    /// </summary>
    /// <param name="flow">The flow that runs.</param>
    IFlowRunObserver BeginRun(Flow flow);

    /// <summary>An attempt of <paramref name="node"/> failed and is retried after <paramref name="delay"/>.</summary>
    /// <param name="node">The node.</param>
    /// <param name="failedAttempt">The attempt that failed (1 for the first).</param>
    /// <param name="delay">The back-off wait before the next attempt.</param>
    /// <param name="exception">Why the attempt failed.</param>
    void NodeRetrying(Node node, int failedAttempt, TimeSpan delay, Exception exception);

    /// <summary>A conditional node chose a branch.</summary>
    /// <param name="node">The conditional node.</param>
    /// <param name="decision">The predicate's value.</param>
    /// <param name="next">The node chosen to run next, or <see langword="null"/> when that branch is empty.</param>
    void ConditionDecided(ConditionalNode node, bool decision, Node? next);
}
