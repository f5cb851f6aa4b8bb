using System.Collections.Concurrent;
using System.ComponentModel;

namespace NumAgents.Instrumentation.Generated;

/// <summary>
/// An <see cref="InstrumentationSite"/> bound to one monitor (and, for a node, one node name; with
/// <see cref="LabelAttribute"/> members, one set of label values): the metric handles, the span name
/// and the span attributes are worked out once, here, so an execution records with no lookup. Not
/// meant to be used by hand.
/// </summary>
/// <remarks>
/// <para>
/// One execution takes one start and one end timestamp from the monitor's
/// <see cref="MonitorOptions.TimeProvider"/>; its span, timer and counter all use them and all record
/// the same outcome: <c>success</c>, or <c>failure</c> with the exception's type name as
/// <c>error_type</c> (and, on the span, status <see cref="SpanStatus.Error"/> and an
/// <c>exception</c> event).
/// </para>
/// <para>
/// Instrumentation never breaks the application: a failure to bind (a metric name already used by
/// another kind, say) or to record is contained, counted in
/// <see cref="MonitorStatistics.InstrumentationErrors"/> and reported through the
/// <c>NumAgents-Instrumentation</c> event source, and the instrumented code runs on unchanged.
/// </para>
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed partial class InstrumentationBinding
{
    internal const string Component = "generated instrumentation";

    private readonly string[] _labelValues;
    private readonly TimeProvider _clock;
    private readonly Tracer? _tracer;
    private readonly string _spanName = string.Empty;
    private readonly (string Key, string Value)[] _spanAttributes = [];
    private readonly SpanKind _spanKind;
    private readonly int _attributeCapacity;
    private readonly HistogramHandle? _timer;
    private readonly CounterHandle? _successes;
    private readonly bool _counting;
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
            if (site.Traced && monitor.Tracer.IsEnabled)
            {
                _spanName = (site.SpanNameIsExplicit ? null : GenAISpanName(site, nodeName, monitor.Options.UseGenAISpanNames)) ?? site.SpanName ?? "node." + nodeName;
                _spanAttributes = [.. common, .. site.SpanAttributes, .. GenAIAttributes(site, nodeName)];
                _spanKind = GenAISpanKind(site);
                _attributeCapacity = _spanAttributes.Length + (site.IsLlmCall ? LlmCallAttributeCount : 0);
                _tracer = monitor.Tracer;
            }

            var metrics = monitor.Metrics;
            if (metrics.IsEnabled && site.TimerName is not null)
            {
                _timerLabels = Labels.Create([.. common, .. site.TimerLabels]);
                _timer = metrics.GetTimer(site.TimerName, site.TimerRecordsOutcome ? _timerLabels.With("outcome", "success") : _timerLabels, site.TimerDescription, site.TimerBuckets);
            }

            if (metrics.IsEnabled && site.CounterName is not null)
            {
                _counterLabels = Labels.Create([.. common, .. site.CounterLabels]);

                // Counting failures only creates no success series, so none is exported at 0.
                _successes = site.CountsFailuresOnly ? null : metrics.GetCounter(site.CounterName, _counterLabels.With("outcome", "success"), site.CounterDescription, site.CounterUnit);
                _counting = true;
            }
        }
        catch (Exception exception)
        {
            // A bad series (a name clash with another kind, say) disables this binding's metrics; the
            // span, which cannot clash, stays.
            _timer = null;
            _successes = null;
            _counting = false;
            monitor.ReportInstrumentationFailure(Component, exception);
        }

        IsEnabled = _tracer is not null || _timer is not null || _counting;
    }

    /// <summary>Whether anything is recorded; when not, generated code calls straight through.</summary>
    public bool IsEnabled { get; }

    internal InstrumentationSite Site { get; }

    internal AgentMonitor Monitor { get; }

    internal string? NodeName { get; }

    /// <summary>
    /// Starts one execution: takes the start timestamp shared by its span, timer and counter, and
    /// starts the span as the current span (so spans started inside are its children).
    /// </summary>
    public InstrumentedCall Start()
    {
        try
        {
            var start = _clock.GetTimestamp();
            return new InstrumentedCall(this, start, _tracer is null ? null : Annotate(_tracer.StartGenerated(_spanName, start, _spanKind)));
        }
        catch (Exception exception)
        {
            Monitor.ReportInstrumentationFailure(Component, exception);
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

    /// <summary>
    /// Starts one enumeration. Its span is not made current: the consumer's loop body runs between
    /// the steps of the enumeration and must not become part of it.
    /// </summary>
    internal InstrumentedCall StartDetached()
    {
        try
        {
            var start = _clock.GetTimestamp();
            return new InstrumentedCall(this, start, _tracer is null ? null : Annotate(_tracer.StartGenerated(_spanName, start, _spanKind, active: false)));
        }
        catch (Exception exception)
        {
            Monitor.ReportInstrumentationFailure(Component, exception);
            return default;
        }
    }

    internal bool Matches(AgentMonitor monitor, string? nodeName, scoped ReadOnlySpan<string> labelValues)
        => ReferenceEquals(Monitor, monitor)
            && string.Equals(NodeName, nodeName, StringComparison.Ordinal)
            && labelValues.SequenceEqual(_labelValues);

    /// <summary>Ends one execution at one end timestamp: span, timer and counter record the same outcome.</summary>
    internal void Complete(long startTimestamp, Span? span, Exception? exception)
    {
        try
        {
            var endTimestamp = _clock.GetTimestamp();
            var milliseconds = Math.Max(0, _clock.GetElapsedTime(startTimestamp, endTimestamp).TotalMilliseconds);
            // The execution's span is the exemplar of what it records, even where it is no longer current
            // (an async method's span ends after its caller moved on).
            using var exemplar = TracerSampledSpans.Recording(span);
            if (Site.IsLlmCall) RecordLlmDuration(span, milliseconds / 1000, exception);
            if (exception is null)
            {
                _timer?.Record(milliseconds);
                _successes?.Increment();
                span?.EndAt(SpanStatus.Ok, endTimestamp);
                return;
            }

            var errorType = exception.GetType().Name;
            if (span is not null)
            {
                span.RecordException(exception);
                span.SetAttribute("error_type", errorType);
                span.SetAttribute(GenAIConventions.ErrorType, exception.GetType().FullName ?? errorType);
            }

            // Metrics before the span ends: their exemplars point at this failed execution.
            try
            {
                if (_timer is not null || _counting)
                {
                    var failure = FailureSeriesFor(exception.GetType());
                    (failure.Timer ?? _timer)?.Record(milliseconds);
                    failure.Counter?.Increment();
                }
            }
            finally
            {
                span?.EndAt(SpanStatus.Error, endTimestamp);
            }
        }
        catch (Exception failure)
        {
            Monitor.ReportInstrumentationFailure(Component, failure);
        }
    }

    private Span Annotate(Span span)
    {
        if (!span.IsRecording) return span;
        if (_attributeCapacity > 2) span.ReserveAttributes(_attributeCapacity); // a span holds two inline; sizing pays only beyond
        foreach (var (key, value) in _spanAttributes)
        {
            span.SetAttribute(key, value);
        }

        return span;
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
        var counter = _counting
            ? metrics.GetCounter(Site.CounterName!, _counterLabels.With("outcome", "failure").With("error_type", errorType), Site.CounterDescription, Site.CounterUnit)
            : null;
        return failures.GetOrAdd(exceptionType, new FailureSeries(timer, counter));
    }

    private static (string Key, string Value)[] CommonLabels(InstrumentationSite site, string? nodeName, string[] labelValues)
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

        return [.. pairs];
    }

    private sealed record FailureSeries(HistogramHandle? Timer, CounterHandle? Counter);
}
