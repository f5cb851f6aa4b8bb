using NumAgents.Core;

namespace NumAgents.Instrumentation.Benchmarks.Generated;

/// <summary>
/// The node instrumented by hand against our runtime, as a careful engineer would: handles bound once
/// per monitor, one start and one end timestamp shared by span, timer and counter, failures recorded
/// from an exception filter.
/// </summary>
public sealed class HandWrittenNode() : Node("work")
{
    private AgentMonitor? _monitor;
    private HistogramHandle _duration = null!;
    private CounterHandle _succeeded = null!;
    private string _spanName = null!;

    protected override NodeResult Exec(SharedStore shared) => WorkNode.Result;

    protected override NodeResult InvokeNode(SharedStore shared)
    {
        var monitor = AgentMonitor.Current;
        if (!ReferenceEquals(monitor, _monitor)) Bind(monitor);
        var clock = monitor.Options.TimeProvider;
        var start = clock.GetTimestamp();
        var span = monitor.Tracer.StartGenerated(_spanName, start);
        span.SetAttribute("node", Name);
        try
        {
            var result = base.InvokeNode(shared);
            var end = clock.GetTimestamp();
            _duration.Record(clock.GetElapsedTime(start, end).TotalMilliseconds);
            _succeeded.Increment();
            span.EndAt(SpanStatus.Ok, end);
            return result;
        }
        catch (Exception exception) when (Fail(monitor, span, start, exception))
        {
            throw;
        }
    }

    private bool Fail(AgentMonitor monitor, Span span, long start, Exception exception)
    {
        var clock = monitor.Options.TimeProvider;
        var end = clock.GetTimestamp();
        _duration.Record(clock.GetElapsedTime(start, end).TotalMilliseconds);
        monitor.Metrics.Counter("nodes.executed", labels: [("node", Name), ("outcome", "failure"), ("error_type", exception.GetType().Name)]);
        span.RecordException(exception);
        span.EndAt(SpanStatus.Error, end);
        return false;
    }

    private void Bind(AgentMonitor monitor)
    {
        _duration = monitor.Metrics.GetTimer("node.duration", [("node", Name)]);
        _succeeded = monitor.Metrics.GetCounter("nodes.executed", [("node", Name), ("outcome", "success")]);
        _spanName = "node." + Name;
        _monitor = monitor;
    }
}
