namespace NumAgents.Core;

/// <summary>The state of one flow run: which nodes are due, what they returned, what failed, how long it took.</summary>
internal sealed class FlowRun
{
    private readonly string _flowName;
    private readonly FlowPlan _plan;
    private readonly SharedStore _shared;
    private readonly TimeProvider _timeProvider;
    private readonly bool[] _activated;
    private readonly OrderedDictionary<string, NodeResult> _results = new(StringComparer.Ordinal);
    private readonly List<string> _executed = [];
    private readonly DateTimeOffset _startedAt;
    private readonly long _startTimestamp;
    private List<NodeError>? _errors;

    public FlowRun(string flowName, FlowPlan plan, SharedStore shared, TimeProvider timeProvider)
    {
        _flowName = flowName;
        _plan = plan;
        _shared = shared;
        _timeProvider = timeProvider;
        _activated = new bool[plan.Order.Length];
        _activated[0] = true;
        _startedAt = timeProvider.GetUtcNow();
        _startTimestamp = timeProvider.GetTimestamp();
    }

    public bool HasErrors => _errors is not null;

    public bool IsComplete { get; private set; }

    public bool IsActivated(int position) => _activated[position];

    public void Succeeded(int position, NodeResult result)
    {
        var node = _plan.Order[position];
        _executed.Add(node.Name);
        _results[node.Name] = result;
        _plan.Activate(position, result, _activated);
    }

    public void Failed(int position, Exception exception)
    {
        var node = _plan.Order[position];
        _executed.Add(node.Name);
        (_errors ??= []).Add(new NodeError(node, exception));
        _plan.Activate(position, null, _activated);
    }

    public FlowResult Complete(FlowOutcome outcome, string? traceId = null)
    {
        IsComplete = true;
        var execution = new FlowExecution(
            _flowName,
            _startedAt,
            _timeProvider.GetElapsedTime(_startTimestamp),
            outcome,
            [.. _executed],
            _errors is null ? [] : [.. _errors],
            traceId);
        return new FlowResult(_results, _shared, execution);
    }
}
