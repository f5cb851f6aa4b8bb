using System.Runtime.CompilerServices;
using NumAgents.Instrumentation.Internal;
using NumAgents.Instrumentation.Metrics;
using NumAgents.Instrumentation.Metrics.Exemplars;
using NumAgents.Instrumentation.Metrics.Views;
using NumAgents.Instrumentation.Naming;

namespace NumAgents.Instrumentation;

/// <summary>
/// Records counters, gauges, histograms and timers. Thread-safe. A series is a metric name plus a label
/// set; label order never matters. Export them with <c>ExportPrometheus()</c>, <c>WritePrometheus</c> or
/// a metrics server (the exporters live in Export/Prometheus and read the collector through read-only views).
/// </summary>
/// <remarks>
/// <para>
/// Recording by name (<see cref="Counter"/>, <see cref="Gauge"/>...) looks the series up on every
/// call without allocating. On a hot path, keep a handle from <see cref="GetCounter"/>,
/// <see cref="GetGauge"/> or <see cref="GetHistogram"/>: it is bound to one series and does no lookup.
/// </para>
/// <para>
/// A name keeps the kind (and unit) it was first used with; two names that would export as the same
/// Prometheus name, with conventional or legacy naming, in the text format or OpenMetrics, are rejected when
/// the second is first used, so a scrape can never be broken by them.
/// </para>
/// <para>
/// Exemplars: in a collector connected to a tracer (a monitor's), each counter series and each histogram
/// bucket keeps the latest of its observations made inside a sampled span, at most one per OpenMetrics
/// scrape, with the span's <c>trace_id</c> and <c>span_id</c>. <see cref="CounterHandle.Add(double, in Labels)"/>
/// and <see cref="HistogramHandle.Record(double, in Labels)"/> give one explicitly.
/// </para>
/// </remarks>
public sealed partial class MetricsCollector : IDisposable
{
    private readonly MetricRegistry _registry;

    // The registry's cache of recently used families, held here too so a recording by name reads it
    // without going through the registry (one load fewer on the hottest by-name path).
    private readonly MetricFamily?[] _recentFamilies;
    private readonly double[] _defaultBuckets;
    private readonly MeterBridge? _meterBridge;
    private long _exportErrors;
    private long _instrumentationErrors;

    /// <summary>Creates an enabled collector with default options.</summary>
    public MetricsCollector()
        : this(new MetricsOptions())
    {
    }

    /// <summary>Creates a collector with the given options (<see cref="MetricsOptions.Enabled"/> decides whether it records).</summary>
    /// <param name="options">Clock, cardinality limit and default buckets.</param>
    public MetricsCollector(MetricsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validated();
        _registry = new MetricRegistry();
        _recentFamilies = _registry.Recent;
        IsEnabled = options.Enabled;
        TimeProvider = options.TimeProvider;
        MaxLabelSetsPerMetric = options.MaxLabelSetsPerMetric;
        _defaultBuckets = options.DefaultHistogramBuckets.ToArray();
        Exemplars = new ExemplarSampler(this, IsEnabled ? options.SampledSpans : null, options.TimeProvider);
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

    internal ExemplarSampler Exemplars { get; }

    /// <summary>Distinct series (name + label set) held, including overflow series.</summary>
    internal int SeriesCount => _registry.Families.Sum(family => family.SeriesCount);

    internal long FoldedLabelSets => _registry.Families.Sum(family => family.FoldedLabelSets);

    internal long ExportErrors => Interlocked.Read(ref _exportErrors);

    internal long InstrumentationErrors => Interlocked.Read(ref _instrumentationErrors);

    /// <summary>
    /// Removes every series. Handles held by callers stay usable: their next recording registers the
    /// series again.
    /// </summary>
    public void Clear() => _registry.Clear();

    /// <summary>Releases the mirrored <see cref="System.Diagnostics.Metrics.Meter"/>.</summary>
    public void Dispose() => _meterBridge?.Dispose();

    /// <summary>The families as exporters read them: a stable order, views only.</summary>
    internal MetricFamilyList ReadFamilies()
    {
        var version = _registry.Version;
        return new MetricFamilyList(_registry.Sorted(), version);
    }

    /// <summary>
    /// Called by an exporter that has just written exemplars (an OpenMetrics scrape): every series may take
    /// a new one, so the next scrape carries fresh exemplars.
    /// </summary>
    internal void StartNextExemplarWindow() => Exemplars.StartNextWindow();

    internal MetricFamily? FindFamily(string name) => _registry.FindByValue(name);

    /// <summary>The live handle for a retired handle's series; <see langword="null"/> (and counted) when that fails.</summary>
    internal MetricHandle? Rebind(MetricHandle retired)
    {
        try
        {
            var family = retired.Family;
            return Resolve(family.Name, family.Type, Labels.Create(retired.LabelSet.Pairs), family.Description, family.IsHistogram ? family.Buckets : null, family.Unit);
        }
        catch (Exception exception)
        {
            ReportInstrumentationFailure("metrics", exception);
            return null;
        }
    }

    /// <summary>Counts (among the collector's contained instrumentation errors) and reports a failure that was contained.</summary>
    internal void ReportInstrumentationFailure(string component, Exception exception)
    {
        Interlocked.Increment(ref _instrumentationErrors);
        InstrumentationEventSource.Log.InstrumentationFailed(component, exception);
    }

    /// <summary>Counts (among the collector's export errors) and reports an export that failed and was contained.</summary>
    internal void ReportExportFailure(string format, Exception exception)
    {
        Interlocked.Increment(ref _exportErrors);
        InstrumentationEventSource.Log.ExportFailed(format, exception);
    }

    private MetricHandle Resolve(string name, MetricType type, in Labels labels, string? description, IReadOnlyList<double>? buckets, string? unit)
    {
        if (name is { Length: > 0 } && FindFamilyFast(name) is { } family)
        {
            if (family.Type != type) ThrowKindClash(name, family.Type, type);
            if (buckets is not null) CheckSameBuckets(family, buckets);
            if (unit is not null && !string.Equals(unit, family.Unit, StringComparison.Ordinal)) ThrowUnitClash(family, unit);

            // The series first: a call rejected for its labels must not leave its description behind.
            var handle = family.GetOrAdd(labels);
            family.OfferDescription(description);
            return handle;
        }

        return ResolveSlow(name, type, labels, description, buckets, unit);
    }

    /// <summary>
    /// Names come from literals, so the same string instance arrives every time: a reference compare finds
    /// the family without hashing the name.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private MetricFamily? FindFamilyFast(string name)
    {
        var slot = MetricRegistry.RecentSlot(name);
        var family = _recentFamilies[slot];
        if (family is not null && ReferenceEquals(family.Name, name) && !family.Retired) return family;
        return _registry.FindAndCache(name, slot);
    }

    private MetricHandle ResolveSlow(string name, MetricType type, in Labels labels, string? description, IReadOnlyList<double>? buckets, string? unit)
    {
        ValidateName(name);
        if (unit is not null && (string.IsNullOrWhiteSpace(unit) || unit.Any(char.IsControl)))
        {
            throw new ArgumentException($"Metric '{name}': the unit '{unit}' is empty, whitespace or has control characters; leave it null for no unit.", nameof(unit));
        }

        var isHistogram = type is MetricType.Histogram or MetricType.Timer;
        var bounds = isHistogram ? (buckets is null ? _defaultBuckets : HistogramBuckets.Validate($"Histogram '{name}'", buckets)) : [];

        // Validate before registering, so a rejected call leaves no family behind. The overflow label
        // set is reserved but valid: it addresses the overflow series (a held handle of it rebinds so).
        if (!LabelSet.Overflow.ContentEquals(labels)) LabelValidation.Validate(name, isHistogram, labels);

        var family = new MetricFamily(this, PrometheusFamilyName.Create(name, KindOf(type), unit), type, description, bounds);

        // A disabled collector hands out working handles on a family nobody exports.
        if (!IsEnabled) return family.GetOrAdd(labels);

        if (_registry.FindByValue(name) is null)
        {
            _registry.Register(family);
            if (ReferenceEquals(_registry.FindByValue(name), family)) _meterBridge?.Publish(family);
        }

        return Resolve(name, type, labels, description, buckets, unit);
    }

    private static PrometheusMetricKind KindOf(MetricType type) => type switch
    {
        MetricType.Counter => PrometheusMetricKind.Counter,
        MetricType.Gauge => PrometheusMetricKind.Gauge,
        MetricType.Histogram => PrometheusMetricKind.Histogram,
        _ => PrometheusMetricKind.Timer,
    };

    private static void ValidateName(string name)
    {
        if (name is null) throw new ArgumentNullException(nameof(name), "A metric name is required.");
        if (string.IsNullOrWhiteSpace(name)) throw new ArgumentException($"Metric name '{name}' is empty or whitespace.", nameof(name));
    }

    private static void ThrowKindClash(string name, MetricType existing, MetricType requested)
        => throw new ArgumentException($"Metric '{name}' is a {existing}; it cannot also be used as a {requested}.", nameof(name));

    private static void ThrowUnitClash(MetricFamily family, string unit)
        => throw new ArgumentException(
            family.Unit is null
                ? $"Metric '{family.Name}' was first used without a unit; it cannot take the unit '{unit}' later (its exported name would change)."
                : $"Metric '{family.Name}' has the unit '{family.Unit}'; it cannot also be recorded in '{unit}'.",
            "unit");

    private static void CheckSameBuckets(MetricFamily family, IReadOnlyList<double> buckets)
    {
        if (!family.Buckets.AsSpan().SequenceEqual(buckets.ToArray()))
        {
            throw new ArgumentException($"Histogram '{family.Name}' already has bucket bounds [{string.Join(", ", family.Buckets)}]; it cannot use [{string.Join(", ", buckets)}].", nameof(buckets));
        }
    }
}
