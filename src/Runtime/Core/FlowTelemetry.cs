using NumAgents.Instrumentation;

namespace NumAgents.Core;

/// <summary>
/// What flows and nodes record beyond generated instrumentation: the flow's span, retry events,
/// conditional decisions and the flow metrics. Every recording is contained: a failure here is
/// counted in <see cref="MonitorStatistics.InstrumentationErrors"/> and never reaches the flow.
/// </summary>
internal static class FlowTelemetry
{
    /// <summary>Counter of flow runs, labels <c>flow</c> and <c>outcome</c>.</summary>
    public const string RunsMetric = "flows.executed";

    /// <summary>Timer (milliseconds) of flow runs, labels <c>flow</c> and <c>outcome</c>.</summary>
    public const string DurationMetric = "flow.duration";

    /// <summary>The event recorded on the current span before each back-off wait.</summary>
    public const string RetryEvent = "retry";

    /// <summary>Prefix of the flow span's name.</summary>
    public const string SpanPrefix = "flow.";

    /// <summary>Prefix of a conditional node's decision attribute.</summary>
    public const string ConditionPrefix = "condition.";

    public static string OutcomeLabel(FlowOutcome outcome) => outcome switch
    {
        FlowOutcome.Succeeded => "success",
        FlowOutcome.Failed => "failure",
        _ => "canceled",
    };

    /// <summary>
    /// Adds a <c>retry</c> event to the current span of the current monitor: the node's own span when
    /// instrumentation gave it one, else the flow's.
    /// </summary>
    public static void RecordRetry(Node node, int failedAttempt, TimeSpan delay, Exception exception)
    {
        var monitor = AgentMonitor.Current;
        try
        {
            if (monitor.Tracer.CurrentSpan is not { IsRecording: true } span) return;
            span.AddEvent(RetryEvent, new Dictionary<string, object?>(StringComparer.Ordinal)
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
    public static void RecordDecision(string decisionKey, string branchKey, bool decision, Node? next)
    {
        var monitor = AgentMonitor.Current;
        try
        {
            if (monitor.Tracer.CurrentSpan is not { IsRecording: true } span) return;
            span.SetAttribute(decisionKey, decision);
            span.SetAttribute(branchKey, next?.Name);
        }
        catch (Exception failure)
        {
            monitor.ReportInstrumentationFailure("flow.condition", failure);
        }
    }
}
