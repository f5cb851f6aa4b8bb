using System.Collections.Concurrent;
using NumAgents.Core;

namespace NumAgents.Instrumentation.Monitoring;

/// <summary>
/// What an <see cref="AgentMonitor"/> records for flows, as their <see cref="IFlowMonitor"/>: a span and
/// two metrics per run, a <c>retry</c> event per back-off, a conditional node's decision as attributes.
/// Every recording is contained: a failure here is counted in the monitor's
/// <see cref="MonitorStatistics.InstrumentationErrors"/> and never reaches the flow.
/// </summary>
internal sealed class FlowRecorder(AgentMonitor monitor)
{
    private readonly ConcurrentDictionary<string, FlowMetrics> _metrics = new(StringComparer.Ordinal);

    public AgentMonitor Monitor => monitor;

    public IFlowRunObserver BeginRun(Flow flow) => new FlowRunRecording(this, flow);

    public void RecordRun(string flowName, FlowOutcome outcome, TimeSpan duration)
    {
        if (!monitor.Metrics.IsEnabled) return;
        _metrics.GetOrAdd(flowName, static (name, metrics) => new FlowMetrics(metrics, name), monitor.Metrics).Record(outcome, duration);
    }

    /// <summary>Adds a <c>retry</c> event to the current span: the node's own span when instrumentation gave it one, else the flow's.</summary>
    public void RecordRetry(Node node, int failedAttempt, TimeSpan delay, Exception exception)
    {
        try
        {
            if (monitor.Tracer.CurrentSpan is not { IsRecording: true } span) return;
            span.AddEvent(FlowTelemetry.RetryEvent, new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["node"] = node.Name,
                ["retry.attempt"] = failedAttempt,
                ["retry.delay_ms"] = delay.TotalMilliseconds,
                ["error.type"] = exception.GetType().FullName ?? exception.GetType().Name,
                ["exception.message"] = exception.Message,
            });
        }
        catch (Exception failure)
        {
            monitor.ReportInstrumentationFailure("flow.retry", failure);
        }
    }

    /// <summary>Sets <c>condition.{node}</c> (the predicate's value) and <c>condition.{node}.branch</c> (the next node) on the current span.</summary>
    public void RecordDecision(ConditionalNode node, bool decision, Node? next)
    {
        try
        {
            if (monitor.Tracer.CurrentSpan is not { IsRecording: true } span) return;
            var key = FlowTelemetry.ConditionPrefix + node.Name;
            span.SetAttribute(key, decision);
            span.SetAttribute(key + ".branch", next?.Name);
        }
        catch (Exception failure)
        {
            monitor.ReportInstrumentationFailure("flow.condition", failure);
        }
    }
}
