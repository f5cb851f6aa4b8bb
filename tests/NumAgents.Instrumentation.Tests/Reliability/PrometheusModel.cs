using System.Globalization;
using NumAgents.Instrumentation.Naming;

namespace NumAgents.Instrumentation.Tests.Reliability;

/// <summary>
/// What an export must contain after a sequence of accepted calls, computed without the collector: sums,
/// last values, bucket counts, help text, in the format's family order.
/// </summary>
internal sealed class PrometheusModel
{
    private readonly Dictionary<string, Family> _families = new(StringComparer.Ordinal);

    public void Record(MetricOperation operation)
    {
        if (!_families.TryGetValue(operation.Name, out var family))
        {
            family = new Family(operation.Name, operation.Kind);
            _families.Add(operation.Name, family);
        }

        family.Description ??= operation.Description;
        var key = string.Join("\u0001", operation.Labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => l.Key + "\u0002" + l.Value));
        if (!family.Series.TryGetValue(key, out var series))
        {
            series = new Series(operation.Labels.ToDictionary(l => PrometheusNameSanitizer.SanitizeLabelName(l.Key), l => l.Value, StringComparer.Ordinal));
            family.Series.Add(key, series);
            family.Order.Add(series);
        }

        switch (operation.Kind)
        {
            case MetricType.Counter:
                series.Sum += operation.Value;
                break;
            case MetricType.Gauge:
                series.Sum = operation.Value;
                break;
            default:
                series.Observations.Add(operation.Value);
                series.Sum += operation.Value;
                break;
        }
    }

    /// <summary>Families as the exposition lists them: by exported name, each with its samples in series order.</summary>
    public IReadOnlyList<ExpectedFamily> Expected(IReadOnlyList<double> buckets)
    {
        var result = new List<ExpectedFamily>();
        foreach (var family in _families.Values.OrderBy(f => PrometheusNameSanitizer.SanitizeMetricName(f.Name), StringComparer.Ordinal))
        {
            var samples = new List<ExpectedSample>();
            foreach (var series in family.Order)
            {
                if (family.Kind != MetricType.Histogram)
                {
                    samples.Add(new ExpectedSample(string.Empty, series.Labels, series.Sum));
                    continue;
                }

                foreach (var bound in buckets.Append(double.PositiveInfinity))
                {
                    var le = double.IsPositiveInfinity(bound) ? "+Inf" : bound.ToString("R", CultureInfo.InvariantCulture);
                    var labels = new Dictionary<string, string>(series.Labels, StringComparer.Ordinal) { ["le"] = le };
                    samples.Add(new ExpectedSample("_bucket", labels, series.Observations.Count(o => o <= bound)));
                }

                samples.Add(new ExpectedSample("_sum", series.Labels, series.Sum));
                samples.Add(new ExpectedSample("_count", series.Labels, series.Observations.Count));
            }

            var type = family.Kind switch
            {
                MetricType.Counter => "counter",
                MetricType.Gauge => "gauge",
                _ => "histogram",
            };
            result.Add(new ExpectedFamily(ExportedName(family), type, family.Description ?? family.Name, samples));
        }

        return result;
    }

    /// <summary>
    /// Families as OpenMetrics lists them: a counter's family has no "_total" (its sample has), counters and
    /// histograms add "_created" (any value: the model has no clock), and a histogram that saw a negative value
    /// writes no "_count" and "_sum", whose order is "_count" first.
    /// </summary>
    public IReadOnlyList<ExpectedFamily> ExpectedOpenMetrics(IReadOnlyList<double> buckets)
    {
        var result = new List<ExpectedFamily>();
        foreach (var family in _families.Values.OrderBy(f => PrometheusNameSanitizer.SanitizeMetricName(f.Name), StringComparer.Ordinal))
        {
            var name = family.Kind == MetricType.Counter ? ExportedName(family)[..^6] : ExportedName(family);
            var samples = new List<ExpectedSample>();
            foreach (var series in family.Order)
            {
                switch (family.Kind)
                {
                    case MetricType.Counter:
                        samples.Add(new ExpectedSample("_total", series.Labels, series.Sum));
                        samples.Add(new ExpectedSample("_created", series.Labels, double.NaN));
                        break;
                    case MetricType.Gauge:
                        samples.Add(new ExpectedSample(string.Empty, series.Labels, series.Sum));
                        break;
                    default:
                        foreach (var bound in buckets.Append(double.PositiveInfinity))
                        {
                            var le = double.IsPositiveInfinity(bound) ? "+Inf" : bound.ToString("R", CultureInfo.InvariantCulture);
                            var labels = new Dictionary<string, string>(series.Labels, StringComparer.Ordinal) { ["le"] = le };
                            samples.Add(new ExpectedSample("_bucket", labels, series.Observations.Count(o => o <= bound)));
                        }

                        if (series.Observations.All(o => o >= 0))
                        {
                            samples.Add(new ExpectedSample("_count", series.Labels, series.Observations.Count));
                            samples.Add(new ExpectedSample("_sum", series.Labels, series.Sum));
                        }

                        samples.Add(new ExpectedSample("_created", series.Labels, double.NaN));
                        break;
                }
            }

            var type = family.Kind switch
            {
                MetricType.Counter => "counter",
                MetricType.Gauge => "gauge",
                _ => "histogram",
            };
            result.Add(new ExpectedFamily(name, type, family.Description ?? family.Name, samples));
        }

        return result;
    }

    /// <summary>
    /// The conventional name, written out here rather than taken from the exporter: invalid characters become
    /// '_', and a counter ends in exactly one "_total".
    /// </summary>
    private static string ExportedName(Family family)
    {
        var name = PrometheusNameSanitizer.SanitizeMetricName(family.Name);
        if (family.Kind != MetricType.Counter) return name;
        return (name.Length > 6 && name.EndsWith("_total", StringComparison.Ordinal) ? name[..^6] : name) + "_total";
    }

    internal sealed record ExpectedFamily(string Name, string Type, string Help, IReadOnlyList<ExpectedSample> Samples);

    internal sealed record ExpectedSample(string Suffix, IReadOnlyDictionary<string, string> Labels, double Value);

    private sealed class Family(string name, MetricType kind)
    {
        public string Name { get; } = name;

        public MetricType Kind { get; } = kind;

        public string? Description { get; set; }

        public Dictionary<string, Series> Series { get; } = new(StringComparer.Ordinal);

        public List<Series> Order { get; } = [];
    }

    private sealed class Series(Dictionary<string, string> labels)
    {
        public Dictionary<string, string> Labels { get; } = labels;

        public double Sum { get; set; }

        public List<double> Observations { get; } = [];
    }
}
