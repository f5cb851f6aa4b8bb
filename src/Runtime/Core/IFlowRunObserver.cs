namespace NumAgents.Core;

/// <summary>One run of a flow as an <see cref="IFlowMonitor"/> sees it, from <see cref="IFlowMonitor.BeginRun"/> to its disposal.</summary>
public interface IFlowRunObserver : IDisposable
{
    /// <summary>The id of the trace that records the run, or <see langword="null"/> when nothing records it; kept in <see cref="FlowExecution.TraceId"/>.</summary>
    string? TraceId { get; }

    /// <summary>A node failed (or the run failed or was canceled outside any node, then <paramref name="node"/> is <see langword="null"/>).</summary>
    /// <param name="node">The node that failed, if any.</param>
    /// <param name="exception">The failure.</param>
    void Failed(Node? node, Exception exception);

    /// <summary>The run is over (before its after or error hooks run).</summary>
    /// <param name="execution">The record of the run: outcome, duration, the nodes that ran and the errors.</param>
    void Completed(FlowExecution execution);
}
