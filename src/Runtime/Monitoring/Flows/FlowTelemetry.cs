using NumAgents.Core;

namespace NumAgents.Instrumentation.Monitoring;

/// <summary>The names a monitor records flows under: one place, so docs, dashboards and tests agree.</summary>
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

    public const string FlowAttribute = "flow";

    public static string OutcomeLabel(FlowOutcome outcome) => outcome switch
    {
        FlowOutcome.Succeeded => "success",
        FlowOutcome.Failed => "failure",
        _ => "canceled",
    };
}
