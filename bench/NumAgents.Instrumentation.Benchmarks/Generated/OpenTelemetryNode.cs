using System.Diagnostics;
using System.Diagnostics.Metrics;
using NumAgents.Core;

namespace NumAgents.Instrumentation.Benchmarks.Generated;

/// <summary>
/// The node instrumented by hand with OpenTelemetry .NET's idioms: an Activity, a Counter&lt;long&gt;
/// and a Histogram&lt;double&gt; with the same names, labels and outcome handling as the generated code.
/// </summary>
public sealed class OpenTelemetryNode : Node
{
    private readonly ActivitySource _source;
    private readonly Counter<long> _executed;
    private readonly Histogram<double> _duration;
    private readonly string _spanName;

    public OpenTelemetryNode(OpenTelemetryPeer peer)
        : base("work")
    {
        _source = peer.Source;
        _executed = peer.Meter.CreateCounter<long>("nodes.executed");
        _duration = peer.Meter.CreateHistogram<double>("node.duration", "ms");
        _spanName = "node." + Name;
    }

    protected override NodeResult Exec(SharedStore shared) => WorkNode.Result;

    protected override NodeResult InvokeNode(SharedStore shared)
    {
        var start = Stopwatch.GetTimestamp();
        using var activity = _source.StartActivity(_spanName);
        activity?.SetTag("node", Name);
        try
        {
            var result = base.InvokeNode(shared);
            _duration.Record(Stopwatch.GetElapsedTime(start).TotalMilliseconds, new KeyValuePair<string, object?>("node", Name));
            _executed.Add(1, new KeyValuePair<string, object?>("node", Name), new KeyValuePair<string, object?>("outcome", "success"));
            activity?.SetStatus(ActivityStatusCode.Ok);
            return result;
        }
        catch (Exception exception)
        {
            _duration.Record(Stopwatch.GetElapsedTime(start).TotalMilliseconds, new KeyValuePair<string, object?>("node", Name));
            _executed.Add(1, new KeyValuePair<string, object?>("node", Name), new KeyValuePair<string, object?>("outcome", "failure"), new KeyValuePair<string, object?>("error_type", exception.GetType().Name));
            activity?.AddException(exception);
            activity?.SetStatus(ActivityStatusCode.Error, exception.Message);
            throw;
        }
    }
}
