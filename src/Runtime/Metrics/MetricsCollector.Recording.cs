namespace NumAgents.Instrumentation;

// Recording: by name, through bound handles, and timers.
public sealed partial class MetricsCollector
{
    /// <summary>Adds <paramref name="value"/> to a counter.</summary>
    /// <param name="name">The metric name, for example <c>api.requests</c>.</param>
    /// <param name="value">The increment: finite and at least 0. Default 1.</param>
    /// <param name="labels">The series' labels.</param>
    /// <param name="description">Help text for the metric; the first one given is kept.</param>
    /// <param name="unit">The unit (UCUM, such as <c>By</c> or <c>{request}</c>), exported as a name suffix; the first use decides.</param>
    /// <exception cref="ArgumentException">The name or unit is empty, a label is invalid, or the name is used by another kind or unit.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The increment is negative, NaN or infinite.</exception>
    public void Counter(string name, double value = 1, in Labels labels = default, string? description = null, string? unit = null)
    {
        if (!(value >= 0) || double.IsPositiveInfinity(value))
        {
            ValidateName(name);
            throw new ArgumentOutOfRangeException(nameof(value), value, $"Counter '{name}' needs a finite increment of 0 or more, got {value}.");
        }

        if (!IsEnabled) return;
        ((CounterHandle)Resolve(name, MetricType.Counter, labels, description, null, unit)).Add(value);
    }

    /// <summary>Sets a gauge.</summary>
    /// <param name="name">The metric name.</param>
    /// <param name="value">A finite value.</param>
    /// <param name="labels">The series' labels.</param>
    /// <param name="description">Help text for the metric.</param>
    /// <param name="unit">The unit (UCUM, such as <c>By</c>; <c>1</c> for a ratio), exported as a name suffix.</param>
    /// <exception cref="ArgumentOutOfRangeException">The value is NaN or infinite.</exception>
    public void Gauge(string name, double value, in Labels labels = default, string? description = null, string? unit = null)
    {
        if (!double.IsFinite(value))
        {
            ValidateName(name);
            throw new ArgumentOutOfRangeException(nameof(value), value, $"Gauge '{name}' needs a finite value, got {value}.");
        }

        if (!IsEnabled) return;
        ((GaugeHandle)Resolve(name, MetricType.Gauge, labels, description, null, unit)).Set(value);
    }

    /// <summary>
    /// Registers a gauge series whose value is read from <paramref name="observe"/> when the metrics are
    /// exported (Prometheus text, the <see cref="System.Diagnostics.Metrics.Meter"/> mirror) or queried
    /// (<see cref="GetGaugeValue"/>, <see cref="GetMetric"/>), for values that already live elsewhere:
    /// queue depths, pool sizes, memory in use.
    /// </summary>
    /// <remarks>
    /// <para>
    /// The callback runs on the exporting thread, possibly concurrently with itself; keep it fast and
    /// thread-safe. A callback that throws, or returns NaN or an infinity, never breaks an export: that
    /// series is left out of the scrape, the failure is counted among the collector's contained
    /// instrumentation errors and reported through the <c>NumAgents-Instrumentation</c> event source, and the
    /// next export calls it again.
    /// </para>
    /// <para>
    /// Registering the same name and labels again replaces the callback. The series cannot also be set
    /// (<see cref="GaugeHandle.Set"/> throws <see cref="InvalidOperationException"/>); a series already set
    /// by <see cref="Gauge"/> cannot become observed. <see cref="Clear"/> removes observed series like
    /// any other, callbacks included.
    /// </para>
    /// </remarks>
    /// <param name="name">The metric name.</param>
    /// <param name="observe">Returns the current value.</param>
    /// <param name="labels">The series' labels.</param>
    /// <param name="description">Help text for the metric.</param>
    /// <param name="unit">The unit (UCUM), exported as a name suffix.</param>
    /// <exception cref="ArgumentNullException"><paramref name="observe"/> is null.</exception>
    /// <exception cref="ArgumentException">The name or a label is invalid, the name is used by another kind, or the series is already set directly.</exception>
    public void ObservableGauge(string name, Func<double> observe, in Labels labels = default, string? description = null, string? unit = null)
    {
        ArgumentNullException.ThrowIfNull(observe);
        var handle = (GaugeHandle)Resolve(name, MetricType.Gauge, labels, description, null, unit);
        if (!handle.IsObserved && handle.Version != 0)
        {
            throw new ArgumentException($"Gauge '{name}' already holds a value set directly; an observed gauge needs a series of its own.", nameof(name));
        }

        handle.Observe(observe);
    }

    /// <summary>Records one observation in a histogram.</summary>
    /// <param name="name">The metric name.</param>
    /// <param name="value">A finite value.</param>
    /// <param name="labels">The series' labels.</param>
    /// <param name="description">Help text for the metric.</param>
    /// <param name="unit">The unit (UCUM, such as <c>By</c>), exported as a name suffix. Durations belong in a timer, which is reported in seconds.</param>
    /// <exception cref="ArgumentOutOfRangeException">The value is NaN or infinite.</exception>
    public void Histogram(string name, double value, in Labels labels = default, string? description = null, string? unit = null)
    {
        if (!double.IsFinite(value))
        {
            ValidateName(name);
            throw new ArgumentOutOfRangeException(nameof(value), value, $"Histogram '{name}' needs a finite value, got {value}.");
        }

        if (!IsEnabled) return;
        ((HistogramHandle)Resolve(name, MetricType.Histogram, labels, description, null, unit)).Record(value);
    }

    /// <summary>
    /// Starts timing; disposing the result records the elapsed milliseconds into the timer histogram
    /// <paramref name="name"/> (exported in seconds with conventional naming). Allocates nothing.
    /// </summary>
    /// <param name="name">The metric name.</param>
    /// <param name="labels">The series' labels.</param>
    /// <param name="description">Help text for the metric.</param>
    public MetricTimer Timer(string name, in Labels labels = default, string? description = null)
    {
        if (!IsEnabled)
        {
            ValidateName(name);
            return default;
        }

        return new MetricTimer((HistogramHandle)Resolve(name, MetricType.Timer, labels, description, null, null), TimeProvider);
    }

    /// <summary>Returns the handle bound to one counter series, creating the series on first use.</summary>
    /// <param name="name">The metric name.</param>
    /// <param name="labels">The series' labels.</param>
    /// <param name="description">Help text for the metric.</param>
    /// <param name="unit">The unit (UCUM), exported as a name suffix; the first use decides.</param>
    public CounterHandle GetCounter(string name, in Labels labels = default, string? description = null, string? unit = null)
        => (CounterHandle)Resolve(name, MetricType.Counter, labels, description, null, unit);

    /// <summary>Returns the handle bound to one gauge series, creating the series on first use.</summary>
    /// <param name="name">The metric name.</param>
    /// <param name="labels">The series' labels.</param>
    /// <param name="description">Help text for the metric.</param>
    /// <param name="unit">The unit (UCUM), exported as a name suffix; the first use decides.</param>
    public GaugeHandle GetGauge(string name, in Labels labels = default, string? description = null, string? unit = null)
        => (GaugeHandle)Resolve(name, MetricType.Gauge, labels, description, null, unit);

    /// <summary>Returns the handle bound to one histogram series, creating the series on first use.</summary>
    /// <param name="name">The metric name.</param>
    /// <param name="labels">The series' labels.</param>
    /// <param name="description">Help text for the metric.</param>
    /// <param name="buckets">Bucket upper bounds for the metric (first use decides; a different set later is an error).</param>
    /// <param name="unit">The unit (UCUM), exported as a name suffix; the first use decides.</param>
    public HistogramHandle GetHistogram(string name, in Labels labels = default, string? description = null, IReadOnlyList<double>? buckets = null, string? unit = null)
        => (HistogramHandle)Resolve(name, MetricType.Histogram, labels, description, buckets, unit);

    /// <summary>Returns the handle bound to one timer series (a histogram of milliseconds); start it with <see cref="StartTimer(HistogramHandle)"/>.</summary>
    /// <param name="name">The metric name.</param>
    /// <param name="labels">The series' labels.</param>
    /// <param name="description">Help text for the metric.</param>
    /// <param name="buckets">Bucket upper bounds in milliseconds.</param>
    public HistogramHandle GetTimer(string name, in Labels labels = default, string? description = null, IReadOnlyList<double>? buckets = null)
        => (HistogramHandle)Resolve(name, MetricType.Timer, labels, description, buckets, null);

    /// <summary>Starts a timer on a bound handle: no lookup, no allocation.</summary>
    /// <param name="timer">A handle from <see cref="GetTimer"/> or <see cref="GetHistogram"/>.</param>
    public MetricTimer StartTimer(HistogramHandle timer)
    {
        ArgumentNullException.ThrowIfNull(timer);
        return new MetricTimer(timer, TimeProvider);
    }
}
