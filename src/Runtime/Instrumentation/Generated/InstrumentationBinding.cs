using System.Collections.Concurrent;
using System.ComponentModel;
using NumAgents.Instrumentation.Internal;

namespace NumAgents.Instrumentation.Generated;

/// <summary>
/// An <see cref="InstrumentationSite"/> bound to one monitor (and, for a node, one node name; with
/// <see cref="LabelAttribute"/> members, one set of label values): the metric handles are looked up
/// once, here, so an execution records with no lookup. Not meant to be used by hand.
/// </summary>
/// <remarks>
/// Instrumentation never breaks the application: a failure to bind (a metric name already used by
/// another kind, say) or to record is contained, counted and reported through the
/// <c>NumAgents-Instrumentation</c> event source, and the instrumented code runs on unchanged.
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class InstrumentationBinding
{
    private const string Component = "generated instrumentation";

    private readonly string[] _labelValues;
    private readonly TimeProvider _clock;
    private readonly HistogramHandle? _timer;
    private readonly CounterHandle? _successes;
    private readonly Labels _timerLabels;
    private readonly Labels _counterLabels;
    private ConcurrentDictionary<Type, FailureSeries>? _failures;

    internal InstrumentationBinding(InstrumentationSite site, AgentMonitor monitor, string? nodeName, string[] labelValues)
    {
        Site = site;
        Monitor = monitor;
        NodeName = nodeName;
        _labelValues = labelValues;
        _clock = monitor.Options.TimeProvider;
        try
        {
            var common = CommonLabels(site, nodeName, labelValues);
            var metrics = monitor.Metrics;
            if (metrics.IsEnabled && site.TimerName is not null)
            {
                _timerLabels = Concat(common, site.TimerLabels);
                _timer = metrics.GetTimer(site.TimerName, site.TimerRecordsOutcome ? _timerLabels.With("outcome", "success") : _timerLabels, site.TimerDescription, site.TimerBuckets);
            }

            if (metrics.IsEnabled && site.CounterName is not null)
            {
                _counterLabels = Concat(common, site.CounterLabels);
                // Counting failures only creates no success series, so none is exported at 0.
                _successes = site.CountsFailuresOnly ? null : metrics.GetCounter(site.CounterName, _counterLabels.With("outcome", "success"), site.CounterDescription);
                IsCounting = true;
            }
        }
        catch (Exception exception)
        {
            // A bad series (a name clash with another kind, say) disables this binding's metrics only.
            _timer = null;
            _successes = null;
            IsCounting = false;
            ReportFailure(exception);
        }

        IsEnabled = _timer is not null || IsCounting;
    }

    /// <summary>Whether anything is recorded; when not, generated code calls straight through.</summary>
    public bool IsEnabled { get; }

    internal InstrumentationSite Site { get; }

    internal AgentMonitor Monitor { get; }

    internal string? NodeName { get; }

    private bool IsCounting { get; }

    /// <summary>Starts one execution: takes the start timestamp shared by its span, timer and counter.</summary>
    public InstrumentedCall Start()
    {
        try
        {
            return new InstrumentedCall(this, _clock.GetTimestamp());
        }
        catch (Exception exception)
        {
            ReportFailure(exception);
            return default;
        }
    }

    /// <summary>Wraps a sequence so that each enumeration of it is one recorded execution.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="source">The sequence the instrumented method returned.</param>
    public IAsyncEnumerable<T> Enumerate<T>(IAsyncEnumerable<T> source)
    {
        ArgumentNullException.ThrowIfNull(source);
        return new InstrumentedAsyncEnumerable<T>(this, source);
    }

    internal bool Matches(AgentMonitor monitor, string? nodeName, scoped ReadOnlySpan<string> labelValues)
        => ReferenceEquals(Monitor, monitor)
            && string.Equals(NodeName, nodeName, StringComparison.Ordinal)
            && labelValues.SequenceEqual(_labelValues);

    /// <summary>Ends one execution at one end timestamp: timer, counter and span record the same outcome.</summary>
    internal void Complete(long startTimestamp, Exception? exception)
    {
        try
        {
            var endTimestamp = _clock.GetTimestamp();
            var milliseconds = Math.Max(0, _clock.GetElapsedTime(startTimestamp, endTimestamp).TotalMilliseconds);
            if (exception is null)
            {
                _timer?.Record(milliseconds);
                _successes?.Increment();
                return;
            }

            var failure = FailureSeriesFor(exception.GetType());
            (failure.Timer ?? _timer)?.Record(milliseconds);
            failure.Counter?.Increment();
        }
        catch (Exception failure)
        {
            ReportFailure(failure);
        }
    }

    /// <summary>The failure series of one exception type, looked up once per type.</summary>
    private FailureSeries FailureSeriesFor(Type exceptionType)
    {
        var failures = _failures ?? Interlocked.CompareExchange(ref _failures, new(), null) ?? _failures;
        if (failures.TryGetValue(exceptionType, out var series)) return series;
        var errorType = exceptionType.Name;
        var metrics = Monitor.Metrics;
        var timer = _timer is not null && Site.TimerRecordsOutcome
            ? metrics.GetTimer(Site.TimerName!, _timerLabels.With("outcome", "failure").With("error_type", errorType), Site.TimerDescription, Site.TimerBuckets)
            : null;
        var counter = IsCounting
            ? metrics.GetCounter(Site.CounterName!, _counterLabels.With("outcome", "failure").With("error_type", errorType), Site.CounterDescription)
            : null;
        return failures.GetOrAdd(exceptionType, new FailureSeries(errorType, timer, counter));
    }

    private static Labels CommonLabels(InstrumentationSite site, string? nodeName, string[] labelValues)
    {
        var pairs = new List<(string Key, string Value)>(2 + labelValues.Length);
        if (nodeName is not null) pairs.Add(("node", nodeName));
        if (site.ClassName is not null) pairs.Add(("class", site.ClassName));
        if (site.MethodName is not null) pairs.Add(("method", site.MethodName));
        var keys = site.LabelKeys;
        for (var i = 0; i < labelValues.Length && i < keys.Count; i++)
        {
            pairs.Add((keys[i], labelValues[i]));
        }

        return Labels.Create(pairs.ToArray());
    }

    private static Labels Concat(Labels first, Labels second)
    {
        if (second.Count == 0) return first;
        var pairs = new (string Key, string Value)[first.Count + second.Count];
        for (var i = 0; i < first.Count; i++) pairs[i] = first[i];
        for (var i = 0; i < second.Count; i++) pairs[first.Count + i] = second[i];
        return Labels.Create(pairs);
    }

    private static void ReportFailure(Exception exception) => InstrumentationEventSource.Log.InstrumentationFailed(Component, exception);

    private sealed record FailureSeries(string ErrorType, HistogramHandle? Timer, CounterHandle? Counter);
}
