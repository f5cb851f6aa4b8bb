using NumAgents.Core;

namespace NumAgents.Instrumentation.Monitoring;

/// <summary>
/// One flow run as a monitor records it: the span <c>flow.{Name}</c> (<c>invoke_workflow {Name}</c> with the
/// GenAI span names; a child of the current span or the root of a new trace) with the GenAI workflow
/// attributes, an <c>exception</c> event per failure, the outcome attributes and status, and the run's metrics. While it lives, the monitor is <see cref="AgentMonitor.Current"/> for the run's nodes.
/// </summary>
internal sealed class FlowRunRecording : IFlowRunObserver
{
    private readonly FlowRecorder _recorder;
    private readonly MonitorScope _scope;
    private readonly Span? _span;

    public FlowRunRecording(FlowRecorder recorder, Flow flow)
    {
        _recorder = recorder;
        var monitor = recorder.Monitor;
        _scope = AgentMonitor.Use(monitor);
        try
        {
            // A run is a workflow invocation in the GenAI conventions: its span sums the tokens and cost of its nodes.
            var name = monitor.Options.UseGenAISpanNames ? GenAIConventions.InvokeWorkflow + " " + flow.Name : FlowTelemetry.SpanPrefix + flow.Name;
            _span = monitor.Tracer.Span(name)
                .SetAttribute(FlowTelemetry.FlowAttribute, flow.Name)
                .SetAttribute(GenAIConventions.OperationName, GenAIConventions.InvokeWorkflow)
                .SetAttribute(GenAIConventions.WorkflowName, flow.Name);
        }
        catch (Exception failure)
        {
            monitor.ReportInstrumentationFailure("flow", failure);
        }
    }

    public string? TraceId => _span is { IsRecording: true } span ? span.TraceId : null;

    public void Failed(Node? node, Exception exception)
    {
        try
        {
            _span?.RecordException(exception);
        }
        catch (Exception failure)
        {
            _recorder.Monitor.ReportInstrumentationFailure("flow", failure);
        }
    }

    public void Completed(FlowExecution execution)
    {
        try
        {
            if (_span is { } span)
            {
                span.SetAttribute("flow.outcome", FlowTelemetry.OutcomeLabel(execution.Outcome));
                span.SetAttribute("flow.nodes_executed", execution.NodesExecuted.Count);
                if (execution.Errors.Count > 0) span.SetAttribute("flow.failed_nodes", execution.Errors.Select(e => e.NodeName).ToArray());
            }
        }
        catch (Exception failure)
        {
            _recorder.Monitor.ReportInstrumentationFailure("flow", failure);
        }

        try
        {
            // Recorded while the flow's span is still current, so the run's metrics carry it as their exemplar.
            _recorder.RecordRun(execution.FlowName, execution.Outcome, execution.Duration);
        }
        catch (Exception failure)
        {
            _recorder.Monitor.ReportInstrumentationFailure("flow", failure);
        }
        finally
        {
            // Ended whatever happened above, so the span never stays current after the run.
            _span?.Finish(execution.Outcome == FlowOutcome.Succeeded ? SpanStatus.Ok : SpanStatus.Error);
        }
    }

    public void Dispose() => _scope.Dispose();
}
