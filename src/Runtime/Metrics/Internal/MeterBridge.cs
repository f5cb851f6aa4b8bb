using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Reflection;

namespace NumAgents.Instrumentation.Metrics;

/// <summary>
/// Publishes a collector's metrics through <see cref="System.Diagnostics.Metrics.Meter"/> so that
/// OpenTelemetry (or any <see cref="MeterListener"/>) sees the same values. Counters and gauges are
/// observable instruments read at collection time, costing the recording path nothing; histograms
/// are pushed, and only while a listener has enabled the instrument.
/// </summary>
internal sealed class MeterBridge : IDisposable
{
    /// <summary>The meter name to subscribe to (OpenTelemetry's <c>AddMeter</c>).</summary>
    public const string MeterName = "NumAgents.Instrumentation";

    private static readonly string? _version = typeof(MeterBridge).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;

    private readonly MetricsCollector _collector;
    private readonly Meter _meter;
    private readonly ConcurrentDictionary<string, Instrument> _instruments = new(StringComparer.Ordinal);

    public MeterBridge(MetricsCollector collector, string serviceName)
    {
        _collector = collector;
        _meter = new Meter(new MeterOptions(MeterName)
        {
            Version = _version,
            Tags = [new KeyValuePair<string, object?>("service.name", serviceName)],
        });
    }

    public Meter Meter => _meter;

    /// <summary>Creates (once per name) the instrument that mirrors <paramref name="family"/>.</summary>
    public void Publish(MetricFamily family)
    {
        var instrument = _instruments.GetOrAdd(family.Name, static (name, state) => state.Bridge.Create(name, state.Family), (Bridge: this, Family: family));
        if (instrument is Histogram<double> histogram) family.MeterHistogram = histogram;
    }

    public void Dispose() => _meter.Dispose();

    private Instrument Create(string name, MetricFamily family)
    {
        var instrumentName = InstrumentName(name, family.ExportNames.Sanitized);
        var description = family.Description;
        return family.Type switch
        {
            MetricType.Counter => _meter.CreateObservableCounter(instrumentName, () => Observe(name, MetricType.Counter), family.Unit, description),
            MetricType.Gauge => _meter.CreateObservableGauge(instrumentName, () => Observe(name, MetricType.Gauge), family.Unit, description),
            _ => _meter.CreateHistogram(instrumentName, family.Type == MetricType.Timer ? "ms" : family.Unit, description, tags: null,
                new InstrumentAdvice<double> { HistogramBucketBoundaries = family.Buckets }),
        };
    }

    private IEnumerable<Measurement<double>> Observe(string name, MetricType type)
    {
        var family = _collector.FindFamily(name);
        if (family is null || family.Type != type) return [];

        var series = family.OrderedSeries;
        var measurements = new List<Measurement<double>>(series.Length);
        foreach (var handle in series)
        {
            double value;
            switch (handle)
            {
                case CounterHandle counter:
                    value = counter.Value;
                    break;
                case GaugeHandle gauge:
                    if (!gauge.TryRead(out value)) continue;
                    break;
                default:
                    continue;
            }

            measurements.Add(new Measurement<double>(value, handle.LabelSet.MeterTags));
        }

        return measurements;
    }

    /// <summary>OpenTelemetry ignores instruments whose names are not <c>[A-Za-z][A-Za-z0-9_.\-/]{0,254}</c>; fall back to the Prometheus name.</summary>
    private static string InstrumentName(string name, string prometheusName)
    {
        if (IsValidInstrumentName(name)) return name;
        var fallback = char.IsAsciiLetter(prometheusName[0]) ? prometheusName : "metric" + prometheusName;
        return fallback.Length > 255 ? fallback[..255] : fallback;
    }

    private static bool IsValidInstrumentName(string name)
    {
        if (name.Length is 0 or > 255 || !char.IsAsciiLetter(name[0])) return false;
        foreach (var c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('_' or '.' or '-' or '/')) return false;
        }

        return true;
    }
}
