using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace NumAgents.Instrumentation.Benchmarks.Generated;

/// <summary>The same method uninstrumented, and instrumented by hand against our runtime and against OpenTelemetry.</summary>
public sealed class PlainCalculator
{
    private readonly ActivitySource? _source;
    private readonly Counter<long>? _invocations;
    private readonly Histogram<double>? _duration;
    private AgentMonitor? _monitor;
    private HistogramHandle _handDuration = null!;
    private CounterHandle _handSucceeded = null!;

    public PlainCalculator(OpenTelemetryPeer? peer = null)
    {
        if (peer is null) return;
        _source = peer.Source;
        _invocations = peer.Meter.CreateCounter<long>("method.invocations");
        _duration = peer.Meter.CreateHistogram<double>("method.duration", "ms");
    }

    public int Add(int a, int b) => a + b;

    public int AddByHand(int a, int b)
    {
        var monitor = AgentMonitor.Current;
        if (!ReferenceEquals(monitor, _monitor))
        {
            _handDuration = monitor.Metrics.GetTimer("method.duration", [("class", "Calculator"), ("method", "Add")]);
            _handSucceeded = monitor.Metrics.GetCounter("method.invocations", [("class", "Calculator"), ("method", "Add"), ("outcome", "success")]);
            _monitor = monitor;
        }

        var clock = monitor.Options.TimeProvider;
        var start = clock.GetTimestamp();
        var span = monitor.Tracer.StartGenerated("Calculator.Add", start);
        span.SetAttribute("class", "Calculator");
        span.SetAttribute("method", "Add");
        try
        {
            var result = Add(a, b);
            var end = clock.GetTimestamp();
            _handDuration.Record(clock.GetElapsedTime(start, end).TotalMilliseconds);
            _handSucceeded.Increment();
            span.EndAt(SpanStatus.Ok, end);
            return result;
        }
        catch (Exception exception) when (Fail(span, clock, exception))
        {
            throw;
        }
    }

    public int AddWithOpenTelemetry(int a, int b)
    {
        var start = Stopwatch.GetTimestamp();
        using var activity = _source!.StartActivity("Calculator.Add");
        activity?.SetTag("class", "Calculator");
        activity?.SetTag("method", "Add");
        try
        {
            var result = Add(a, b);
            _duration!.Record(Stopwatch.GetElapsedTime(start).TotalMilliseconds, new KeyValuePair<string, object?>("class", "Calculator"), new KeyValuePair<string, object?>("method", "Add"));
            _invocations!.Add(1, new KeyValuePair<string, object?>("class", "Calculator"), new KeyValuePair<string, object?>("method", "Add"), new KeyValuePair<string, object?>("outcome", "success"));
            activity?.SetStatus(ActivityStatusCode.Ok);
            return result;
        }
        catch (Exception exception)
        {
            activity?.AddException(exception);
            activity?.SetStatus(ActivityStatusCode.Error, exception.Message);
            throw;
        }
    }

    private static bool Fail(Span span, TimeProvider clock, Exception exception)
    {
        span.RecordException(exception);
        span.EndAt(SpanStatus.Error, clock.GetTimestamp());
        return false;
    }
}
