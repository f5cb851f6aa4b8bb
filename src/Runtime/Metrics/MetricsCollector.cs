using System.Collections.Concurrent;
using System.Text;
using NumAgents.Instrumentation.Export;
using NumAgents.Instrumentation.Export.Prometheus;
using NumAgents.Instrumentation.Internal;
using NumAgents.Instrumentation.Metrics;

namespace NumAgents.Instrumentation;

/// <summary>
/// Records counters, gauges, histograms and timers, and exports them in the Prometheus text format.
/// Thread-safe. A series is a metric name plus a label set; label order never matters.
/// </summary>
/// <remarks>
/// <para>
/// Recording by name (<see cref="Counter"/>, <see cref="Gauge"/>...) looks the series up on every
/// call without allocating. On a hot path, keep a handle from <see cref="GetCounter"/>,
/// <see cref="GetGauge"/> or <see cref="GetHistogram"/>: it is bound to one series and does no lookup.
/// </para>
/// <para>
/// A name keeps the kind it was first used with; two names that export as the same Prometheus name
/// are rejected when the second is first used, so a scrape can never be broken by them.
/// </para>
/// </remarks>
public sealed class MetricsCollector : IDisposable
{
    private readonly ConcurrentDictionary<string, MetricFamily> _families = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _exportNames = new(StringComparer.Ordinal);
    private const int RecentFamilySlots = 32;

    private readonly Lock _registryGate = new();

    // Names come from literals, so the same string instance arrives every time: a reference compare
    // finds the family without hashing the name.
    private readonly MetricFamily?[] _recentFamilies = new MetricFamily?[RecentFamilySlots];
    private readonly double[] _defaultBuckets;
    private readonly MeterBridge? _meterBridge;
    private MetricFamily[]? _sortedFamilies;
    private long _exportErrors;
    private long _instrumentationErrors;

    /// <summary>Creates an enabled collector with default options.</summary>
    public MetricsCollector()
        : this(new MonitorOptions())
    {
    }

    /// <summary>Creates a collector with the given options (<see cref="MonitorOptions.EnableMetrics"/> decides whether it records).</summary>
    /// <param name="options">Clock, cardinality limit and default buckets.</param>
    public MetricsCollector(MonitorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validated();
        IsEnabled = options.EnableMetrics;
        TimeProvider = options.TimeProvider;
        MaxLabelSetsPerMetric = options.MaxLabelSetsPerMetric;
        _defaultBuckets = options.DefaultHistogramBuckets.ToArray();
        if (IsEnabled) _meterBridge = new MeterBridge(this, options.ServiceName);
    }

    /// <summary>
    /// The name of the <see cref="System.Diagnostics.Metrics.Meter"/> that mirrors every collector's
    /// metrics (subscribe with OpenTelemetry's <c>AddMeter</c>). Counters and gauges are observed at
    /// collection time; histograms and timers are pushed while a listener is attached.
    /// </summary>
    public const string MeterName = MeterBridge.MeterName;

    /// <summary>Whether this collector records. A disabled collector accepts every call and keeps nothing.</summary>
    public bool IsEnabled { get; }

    internal TimeProvider TimeProvider { get; }

    internal int MaxLabelSetsPerMetric { get; }

    /// <summary>Distinct series (name + label set) held, including overflow series.</summary>
    internal int SeriesCount
    {
        get
        {
            var count = 0;
            foreach (var family in _families.Values)
            {
                count += family.SeriesCount;
            }

            return count;
        }
    }

    internal long FoldedLabelSets => _families.Values.Sum(f => f.FoldedLabelSets);

    internal long ExportErrors => Interlocked.Read(ref _exportErrors);

    internal long InstrumentationErrors => Interlocked.Read(ref _instrumentationErrors);

    /// <summary>Adds <paramref name="value"/> to a counter.</summary>
    /// <param name="name">The metric name, for example <c>api.requests.total</c>.</param>
    /// <param name="value">The increment: finite and at least 0. Default 1.</param>
    /// <param name="labels">The series' labels.</param>
    /// <param name="description">Help text for the metric; the first one given is kept.</param>
    /// <exception cref="ArgumentException">The name is empty, a label is invalid, or the name is used by another kind.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The increment is negative, NaN or infinite.</exception>
    public void Counter(string name, double value = 1, in Labels labels = default, string? description = null)
    {
        if (!(value >= 0) || double.IsPositiveInfinity(value))
        {
            ValidateName(name);
            throw new ArgumentOutOfRangeException(nameof(value), value, $"Counter '{name}' needs a finite increment of 0 or more, got {value}.");
        }

        if (!IsEnabled) return;
        ((CounterHandle)Resolve(name, MetricType.Counter, labels, description, null)).Add(value);
    }

    /// <summary>Sets a gauge.</summary>
    /// <param name="name">The metric name.</param>
    /// <param name="value">A finite value.</param>
    /// <param name="labels">The series' labels.</param>
    /// <param name="description">Help text for the metric.</param>
    /// <exception cref="ArgumentOutOfRangeException">The value is NaN or infinite.</exception>
    public void Gauge(string name, double value, in Labels labels = default, string? description = null)
    {
        if (!double.IsFinite(value))
        {
            ValidateName(name);
            throw new ArgumentOutOfRangeException(nameof(value), value, $"Gauge '{name}' needs a finite value, got {value}.");
        }

        if (!IsEnabled) return;
        ((GaugeHandle)Resolve(name, MetricType.Gauge, labels, description, null)).Set(value);
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
    /// series is left out of the scrape, the failure is counted in
    /// <see cref="MonitorStatistics.InstrumentationErrors"/> and reported through the
    /// <c>NumAgents-Instrumentation</c> event source, and the next export calls it again.
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
    /// <exception cref="ArgumentNullException"><paramref name="observe"/> is null.</exception>
    /// <exception cref="ArgumentException">The name or a label is invalid, the name is used by another kind, or the series is already set directly.</exception>
    public void ObservableGauge(string name, Func<double> observe, in Labels labels = default, string? description = null)
    {
        ArgumentNullException.ThrowIfNull(observe);
        var handle = (GaugeHandle)Resolve(name, MetricType.Gauge, labels, description, null);
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
    /// <exception cref="ArgumentOutOfRangeException">The value is NaN or infinite.</exception>
    public void Histogram(string name, double value, in Labels labels = default, string? description = null)
    {
        if (!double.IsFinite(value))
        {
            ValidateName(name);
            throw new ArgumentOutOfRangeException(nameof(value), value, $"Histogram '{name}' needs a finite value, got {value}.");
        }

        if (!IsEnabled) return;
        ((HistogramHandle)Resolve(name, MetricType.Histogram, labels, description, null)).Record(value);
    }

    /// <summary>
    /// Starts timing; disposing the result records the elapsed milliseconds into the timer histogram
    /// <paramref name="name"/>. Allocates nothing.
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

        return new MetricTimer((HistogramHandle)Resolve(name, MetricType.Timer, labels, description, null), TimeProvider);
    }

    /// <summary>Returns the handle bound to one counter series, creating the series on first use.</summary>
    /// <param name="name">The metric name.</param>
    /// <param name="labels">The series' labels.</param>
    /// <param name="description">Help text for the metric.</param>
    public CounterHandle GetCounter(string name, in Labels labels = default, string? description = null)
        => (CounterHandle)Resolve(name, MetricType.Counter, labels, description, null);

    /// <summary>Returns the handle bound to one gauge series, creating the series on first use.</summary>
    /// <param name="name">The metric name.</param>
    /// <param name="labels">The series' labels.</param>
    /// <param name="description">Help text for the metric.</param>
    public GaugeHandle GetGauge(string name, in Labels labels = default, string? description = null)
        => (GaugeHandle)Resolve(name, MetricType.Gauge, labels, description, null);

    /// <summary>Returns the handle bound to one histogram series, creating the series on first use.</summary>
    /// <param name="name">The metric name.</param>
    /// <param name="labels">The series' labels.</param>
    /// <param name="description">Help text for the metric.</param>
    /// <param name="buckets">Bucket upper bounds for the metric (first use decides; a different set later is an error).</param>
    public HistogramHandle GetHistogram(string name, in Labels labels = default, string? description = null, IReadOnlyList<double>? buckets = null)
        => (HistogramHandle)Resolve(name, MetricType.Histogram, labels, description, buckets);

    /// <summary>Returns the handle bound to one timer series (a histogram of milliseconds); start it with <see cref="StartTimer(HistogramHandle)"/>.</summary>
    /// <param name="name">The metric name.</param>
    /// <param name="labels">The series' labels.</param>
    /// <param name="description">Help text for the metric.</param>
    /// <param name="buckets">Bucket upper bounds in milliseconds.</param>
    public HistogramHandle GetTimer(string name, in Labels labels = default, string? description = null, IReadOnlyList<double>? buckets = null)
        => (HistogramHandle)Resolve(name, MetricType.Timer, labels, description, buckets);

    /// <summary>Starts a timer on a bound handle: no lookup, no allocation.</summary>
    /// <param name="timer">A handle from <see cref="GetTimer"/> or <see cref="GetHistogram"/>.</param>
    public MetricTimer StartTimer(HistogramHandle timer)
    {
        ArgumentNullException.ThrowIfNull(timer);
        return new MetricTimer(timer, TimeProvider);
    }

    /// <summary>The counter's total, or 0 when the series does not exist.</summary>
    /// <param name="name">The metric name.</param>
    /// <param name="labels">The series' labels.</param>
    public double GetCounterValue(string name, in Labels labels = default)
        => TryFind(name, MetricType.Counter, labels) is CounterHandle counter ? counter.Value : 0;

    /// <summary>
    /// The gauge's value, or <see langword="null"/> when the series does not exist (or, for an
    /// <see cref="ObservableGauge"/>, when its callback failed; the failure is counted).
    /// </summary>
    /// <param name="name">The metric name.</param>
    /// <param name="labels">The series' labels.</param>
    public double? GetGaugeValue(string name, in Labels labels = default)
        => TryFind(name, MetricType.Gauge, labels) is GaugeHandle gauge && gauge.TryRead(out var value) ? value : null;

    /// <summary>Statistics of a histogram or timer series (all zero when it does not exist).</summary>
    /// <param name="name">The metric name.</param>
    /// <param name="labels">The series' labels.</param>
    public HistogramStats GetHistogramStats(string name, in Labels labels = default)
    {
        var handle = TryFind(name, MetricType.Histogram, labels) ?? TryFind(name, MetricType.Timer, labels);
        return handle is HistogramHandle histogram ? histogram.GetStats() : HistogramStats.Empty;
    }

    /// <summary>One <see cref="Metric"/> per label set of <paramref name="name"/> (empty when unknown).</summary>
    /// <param name="name">The metric name.</param>
    public IReadOnlyList<Metric> GetMetric(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return _families.TryGetValue(name, out var family) ? Snapshot(family) : [];
    }

    /// <summary>Every series, grouped by metric name, in Prometheus export order.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<Metric>> GetAllMetrics()
    {
        var all = new Dictionary<string, IReadOnlyList<Metric>>(StringComparer.Ordinal);
        foreach (var family in SortedFamilies())
        {
            all[family.Name] = Snapshot(family);
        }

        return all;
    }

    /// <summary>
    /// Removes every series. Handles held by callers stay usable: their next recording registers the
    /// series again.
    /// </summary>
    public void Clear()
    {
        lock (_registryGate)
        {
            foreach (var family in _families.Values)
            {
                family.Retire();
            }

            _families.Clear();
            Array.Clear(_recentFamilies);
            _exportNames.Clear();
            _sortedFamilies = null;
        }
    }

    /// <summary>The metrics in the Prometheus text exposition format 0.0.4.</summary>
    public string ExportPrometheus()
    {
        using var buffer = new PooledBufferWriter();
        try
        {
            PrometheusTextWriter.Write(SortedFamilies(), buffer);
        }
        catch (Exception exception)
        {
            ReportExportFailure("prometheus", exception);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>
    /// Streams the metrics in the Prometheus text format 0.0.4 to <paramref name="stream"/> through a
    /// pooled buffer. A failing stream is contained: it is counted in
    /// <see cref="MonitorStatistics.ExportErrors"/> and never thrown.
    /// </summary>
    /// <param name="stream">A writable stream.</param>
    /// <returns><see langword="true"/> when everything was written.</returns>
    public bool WritePrometheus(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        try
        {
            using var output = new StreamBufferWriter(stream);
            PrometheusTextWriter.Write(SortedFamilies(), output);
            output.Flush();
            return true;
        }
        catch (Exception exception)
        {
            ReportExportFailure("prometheus", exception);
            return false;
        }
    }

    /// <summary>
    /// Streams the metrics in the Prometheus text format 0.0.4 without synchronous I/O (ASP.NET Core
    /// forbids it), a family batch at a time through a pooled buffer. A failing stream is counted in
    /// <see cref="MonitorStatistics.ExportErrors"/>; cancellation is the only exception that escapes.
    /// </summary>
    /// <param name="stream">A writable stream.</param>
    /// <param name="cancellationToken">Stops the export between batches.</param>
    /// <returns><see langword="true"/> when everything was written.</returns>
    public async Task<bool> WritePrometheusAsync(Stream stream, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        const int FlushThreshold = 64 * 1024;
        var families = SortedFamilies().ToArray();
        var buffer = new PooledBufferWriter();
        try
        {
            for (var i = 0; i < families.Length; i++)
            {
                PrometheusTextWriter.Write(families.AsSpan(i, 1), buffer);
                if (buffer.WrittenCount >= FlushThreshold || i == families.Length - 1)
                {
                    await stream.WriteAsync(buffer.WrittenMemory, cancellationToken).ConfigureAwait(false);
                    buffer.Reset();
                }
            }

            await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            ReportExportFailure("prometheus", exception);
            return false;
        }
        finally
        {
            buffer.Dispose();
        }
    }

    /// <summary>Releases the mirrored <see cref="System.Diagnostics.Metrics.Meter"/>.</summary>
    public void Dispose() => _meterBridge?.Dispose();

    internal MetricFamily? FindFamily(string name) => _families.TryGetValue(name, out var family) ? family : null;

    /// <summary>The live handle for a retired handle's series; <see langword="null"/> (and counted) when that fails.</summary>
    internal MetricHandle? Rebind(MetricHandle retired)
    {
        try
        {
            var family = retired.Family;
            return Resolve(family.Name, family.Type, Labels.Create(retired.LabelSet.Pairs), family.Description, family.IsHistogram ? family.Buckets : null);
        }
        catch (Exception exception)
        {
            ReportInstrumentationFailure("metrics", exception);
            return null;
        }
    }

    internal ReadOnlySpan<MetricFamily> SortedFamilies()
    {
        var sorted = Volatile.Read(ref _sortedFamilies);
        if (sorted is not null) return sorted;
        lock (_registryGate)
        {
            sorted = _families.Values.ToArray();
            Array.Sort(sorted, static (x, y) => string.CompareOrdinal(x.PrometheusName, y.PrometheusName));
            _sortedFamilies = sorted;
            return sorted;
        }
    }

    private MetricHandle Resolve(string name, MetricType type, in Labels labels, string? description, IReadOnlyList<double>? buckets)
    {
        if (name is { Length: > 0 })
        {
            var slot = ((name.Length * 31) + name[^1]) & (RecentFamilySlots - 1);
            var family = _recentFamilies[slot];
            if (family is null || !ReferenceEquals(family.Name, name) || family.Retired)
            {
                if (!_families.TryGetValue(name, out family)) return ResolveSlow(name, type, labels, description, buckets);
                _recentFamilies[slot] = family;
            }

            if (family.Type != type) ThrowKindClash(name, family.Type, type);
            if (buckets is not null) CheckSameBuckets(family, buckets);

            // The series first: a call rejected for its labels must not leave its description behind.
            var handle = family.GetOrAdd(labels);
            family.OfferDescription(description);
            return handle;
        }

        return ResolveSlow(name!, type, labels, description, buckets);
    }

    private MetricHandle ResolveSlow(string name, MetricType type, in Labels labels, string? description, IReadOnlyList<double>? buckets)
    {
        ValidateName(name);
        var isHistogram = type is MetricType.Histogram or MetricType.Timer;
        var bounds = isHistogram ? (buckets is null ? _defaultBuckets : HistogramBuckets.Validate($"Histogram '{name}'", buckets)) : [];

        // Validate before registering, so a rejected call leaves no family behind. The overflow label
        // set is reserved but valid: it addresses the overflow series (a held handle of it rebinds so).
        if (!LabelSet.Overflow.ContentEquals(labels)) LabelValidation.Validate(name, isHistogram, labels);

        if (!IsEnabled)
        {
            // A disabled collector hands out working handles on a family nobody exports.
            return new MetricFamily(this, name, PrometheusNaming.SanitizeMetricName(name), type, description, bounds).GetOrAdd(labels);
        }

        lock (_registryGate)
        {
            if (!_families.ContainsKey(name)) Register(name, type, description, bounds);
        }

        return Resolve(name, type, labels, description, buckets);
    }

    private void Register(string name, MetricType type, string? description, double[] bounds)
    {
        var exportName = PrometheusNaming.SanitizeMetricName(name);
        string[] sampleNames = type is MetricType.Histogram or MetricType.Timer
            ? [exportName, exportName + "_bucket", exportName + "_sum", exportName + "_count"]
            : [exportName];
        foreach (var sampleName in sampleNames)
        {
            if (_exportNames.TryGetValue(sampleName, out var owner))
            {
                throw new ArgumentException(
                    $"Metric '{name}' exports as '{sampleName}', which metric '{owner}' already uses; choose names that differ after replacing invalid characters with '_'.",
                    nameof(name));
            }
        }

        foreach (var sampleName in sampleNames)
        {
            _exportNames[sampleName] = name;
        }

        var family = new MetricFamily(this, name, exportName, type, description, bounds);
        _meterBridge?.Publish(family);
        _families[name] = family;
        _sortedFamilies = null;
    }

    private MetricHandle? TryFind(string name, MetricType type, in Labels labels)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!_families.TryGetValue(name, out var family) || family.Type != type) return null;
        return family.TryGet(labels, out var handle) ? handle : null;
    }

    private static List<Metric> Snapshot(MetricFamily family)
    {
        var series = family.OrderedSeries;
        var metrics = new List<Metric>(series.Length);
        foreach (var handle in series)
        {
            metrics.Add(handle.Snapshot(handle.ObserveTimestamp()));
        }

        return metrics;
    }

    private static void ValidateName(string name)
    {
        if (name is null) throw new ArgumentNullException(nameof(name), "A metric name is required.");
        if (string.IsNullOrWhiteSpace(name)) throw new ArgumentException($"Metric name '{name}' is empty or whitespace.", nameof(name));
    }

    private static void ThrowKindClash(string name, MetricType existing, MetricType requested)
        => throw new ArgumentException($"Metric '{name}' is a {existing}; it cannot also be used as a {requested}.", nameof(name));

    private static void CheckSameBuckets(MetricFamily family, IReadOnlyList<double> buckets)
    {
        if (!family.Buckets.AsSpan().SequenceEqual(buckets.ToArray()))
        {
            throw new ArgumentException($"Histogram '{family.Name}' already has bucket bounds [{string.Join(", ", family.Buckets)}]; it cannot use [{string.Join(", ", buckets)}].", nameof(buckets));
        }
    }

    /// <summary>Counts (in <see cref="MonitorStatistics.InstrumentationErrors"/>) and reports a failure that was contained.</summary>
    internal void ReportInstrumentationFailure(string component, Exception exception)
    {
        Interlocked.Increment(ref _instrumentationErrors);
        InstrumentationEventSource.Log.InstrumentationFailed(component, exception);
    }

    internal void ReportExportFailure(string format, Exception exception)
    {
        Interlocked.Increment(ref _exportErrors);
        InstrumentationEventSource.Log.ExportFailed(format, exception);
    }
}
