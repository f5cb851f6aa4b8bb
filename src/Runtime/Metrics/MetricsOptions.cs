using NumAgents.Instrumentation.Metrics.Exemplars;

namespace NumAgents.Instrumentation;

/// <summary>Settings of a <see cref="MetricsCollector"/>. Every limit has a documented default.</summary>
public sealed class MetricsOptions
{
    /// <summary>The default for <see cref="MaxLabelSetsPerMetric"/>.</summary>
    public const int DefaultMaxLabelSetsPerMetric = 2000;

    /// <summary>Whether the collector records. A disabled collector accepts every call and keeps nothing.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// The service the metrics describe, published as the <c>service.name</c> tag of the mirrored
    /// <see cref="System.Diagnostics.Metrics.Meter"/>. Default <c>num_agents</c>.
    /// </summary>
    public string ServiceName { get; set; } = "num_agents";

    /// <summary>
    /// The clock behind timers, series creation times and exemplar timestamps. Default
    /// <see cref="TimeProvider.System"/>.
    /// </summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>
    /// Label sets kept per metric name (default 2,000). Further label sets fold into one series labelled
    /// <c>otel_metric_overflow="true"</c>, so nothing recorded is lost and memory stays bounded.
    /// </summary>
    public int MaxLabelSetsPerMetric { get; set; } = DefaultMaxLabelSetsPerMetric;

    /// <summary>
    /// Bucket upper bounds for histograms and timers that do not name their own. The default suits
    /// milliseconds: 0.5 ms to 10 s.
    /// </summary>
    public IReadOnlyList<double> DefaultHistogramBuckets { get; set; } = HistogramBuckets.DefaultMilliseconds;

    /// <summary>
    /// Where recordings find the sampled span they happen in, to keep it as an exemplar; <see langword="null"/>
    /// (the default for a collector created on its own) keeps no exemplars. A monitor connects its tracer here.
    /// </summary>
    internal SampledSpanSource? SampledSpans { get; set; }

    internal MetricsOptions Validated()
    {
        if (string.IsNullOrWhiteSpace(ServiceName))
        {
            throw new ArgumentException("MetricsOptions.ServiceName must not be empty.", nameof(ServiceName));
        }

        ArgumentNullException.ThrowIfNull(TimeProvider, nameof(TimeProvider));
        if (MaxLabelSetsPerMetric < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxLabelSetsPerMetric), MaxLabelSetsPerMetric, "MetricsOptions.MaxLabelSetsPerMetric must be at least 1.");
        }

        HistogramBuckets.Validate("MetricsOptions.DefaultHistogramBuckets", DefaultHistogramBuckets);
        return this;
    }
}
