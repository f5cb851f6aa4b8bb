using NumAgents.Core;

namespace NumAgents.Instrumentation.Monitoring;

/// <summary>
/// One flow's metric handles in one monitor: <c>flows.executed</c> and <c>flow.duration</c> by outcome.
/// Each series is resolved on first use, so a run registers only the outcome it had and a snapshot taken
/// during the first run does not count series that hold nothing yet.
/// </summary>
internal sealed class FlowMetrics(MetricsCollector metrics, string flowName)
{
    private const int OutcomeCount = 3;

    private readonly CounterHandle?[] _runs = new CounterHandle?[OutcomeCount];
    private readonly HistogramHandle?[] _durations = new HistogramHandle?[OutcomeCount];

    public void Record(FlowOutcome outcome, TimeSpan duration)
    {
        var index = (int)outcome;

        // A race resolves the same series twice and keeps either handle: both are bound to it.
        var runs = _runs[index] ??= metrics.GetCounter(FlowTelemetry.RunsMetric, Labels(outcome), "Flow runs by flow and outcome");
        var durations = _durations[index] ??= metrics.GetTimer(FlowTelemetry.DurationMetric, Labels(outcome), "Flow run duration by flow and outcome");
        runs.Increment();
        durations.Record(duration.TotalMilliseconds);
    }

    private Labels Labels(FlowOutcome outcome) => [("flow", flowName), ("outcome", FlowTelemetry.OutcomeLabel(outcome))];
}
