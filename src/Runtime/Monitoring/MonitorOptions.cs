using Microsoft.Extensions.Logging;

namespace NumAgents.Instrumentation;

/// <summary>Settings of an <see cref="AgentMonitor"/> and of its collectors. Every limit has a documented default.</summary>
public sealed class MonitorOptions
{
    /// <summary>The default for <see cref="MaxLabelSetsPerMetric"/>.</summary>
    public const int DefaultMaxLabelSetsPerMetric = 2000;

    /// <summary>The default for <see cref="MaxRetainedSpans"/>.</summary>
    public const int DefaultMaxRetainedSpans = 10_000;

    /// <summary>The service name reported with logs and exported traces. Default <c>num_agents</c>.</summary>
    public string ServiceName { get; set; } = "num_agents";

    /// <summary>Whether metrics are recorded. When off, <see cref="AgentMonitor.Metrics"/> is a no-op collector.</summary>
    public bool EnableMetrics { get; set; } = true;

    /// <summary>Whether spans are recorded. When off, <see cref="AgentMonitor.Tracer"/> is a no-op tracer.</summary>
    public bool EnableTracing { get; set; } = true;

    /// <summary>Whether <see cref="AgentMonitor.Log(LogLevel, string, IReadOnlyDictionary{string, object?}?)"/> writes records.</summary>
    public bool EnableLogging { get; set; } = true;

    /// <summary>The clock behind every timestamp and duration. Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Where logs go. When <see langword="null"/>, records are written to standard error as JSON lines.</summary>
    public ILoggerFactory? LoggerFactory { get; set; }

    /// <summary>
    /// The lowest level written to standard error when <see cref="LoggerFactory"/> is not set (default
    /// <see cref="LogLevel.Information"/>). With a logger factory, its own filters decide.
    /// </summary>
    public LogLevel MinimumLogLevel { get; set; } = LogLevel.Information;

    /// <summary>
    /// Label sets kept per metric name (default 2,000). Further label sets fold into one series labelled
    /// <c>otel_metric_overflow="true"</c>, so nothing recorded is lost and memory stays bounded.
    /// </summary>
    public int MaxLabelSetsPerMetric { get; set; } = DefaultMaxLabelSetsPerMetric;

    /// <summary>Finished spans kept (default 10,000); the oldest are evicted first and counted as dropped.</summary>
    public int MaxRetainedSpans { get; set; } = DefaultMaxRetainedSpans;

    /// <summary>
    /// The share of new traces that are recorded, from 0 to 1 (default 1: all). Sampling is parent-based:
    /// a trace started here is sampled by this ratio on its trace id (the same decision OpenTelemetry's
    /// TraceIdRatioBased sampler makes), and a span with a parent (local or from a <c>traceparent</c>
    /// header) follows its parent's sampled flag. A sampled-out span records nothing and still propagates
    /// its trace with the sampled flag off.
    /// </summary>
    public double SamplingRatio { get; set; } = 1.0;

    /// <summary>
    /// When set, trace and span ids come from a generator seeded with this value instead of the
    /// per-thread random generator, so a single-threaded run under a fake <see cref="TimeProvider"/> is
    /// reproducible byte for byte (golden-file tests). Leave it <see langword="null"/> in production: W3C
    /// Trace Context expects random trace ids.
    /// </summary>
    public long? IdSeed { get; set; }

    /// <summary>
    /// Bucket upper bounds for histograms and timers that do not name their own. The default suits
    /// milliseconds: 0.5 ms to 10 s.
    /// </summary>
    public IReadOnlyList<double> DefaultHistogramBuckets { get; set; } = HistogramBuckets.DefaultMilliseconds;

    /// <summary>
    /// How the monitor's metrics server (<see cref="AgentMonitor.StartMetricsServer"/>) and ASP.NET Core endpoint
    /// name metrics: <see cref="PrometheusNaming.Conventional"/> (the default: <c>_total</c>, timers in seconds)
    /// or <see cref="PrometheusNaming.Legacy"/> (the names and milliseconds of earlier versions).
    /// </summary>
    public PrometheusNaming PrometheusNaming { get; set; } = PrometheusNaming.Conventional;

    internal MonitorOptions Validated()
    {
        if (string.IsNullOrWhiteSpace(ServiceName))
        {
            throw new ArgumentException("MonitorOptions.ServiceName must not be empty.", nameof(ServiceName));
        }

        ArgumentNullException.ThrowIfNull(TimeProvider, nameof(TimeProvider));
        if (MaxLabelSetsPerMetric < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxLabelSetsPerMetric), MaxLabelSetsPerMetric, "MonitorOptions.MaxLabelSetsPerMetric must be at least 1.");
        }

        if (MaxRetainedSpans < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxRetainedSpans), MaxRetainedSpans, "MonitorOptions.MaxRetainedSpans must be 0 or more.");
        }

        if (!(SamplingRatio >= 0 && SamplingRatio <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(SamplingRatio), SamplingRatio, "MonitorOptions.SamplingRatio must be between 0 and 1.");
        }

        HistogramBuckets.Validate("MonitorOptions.DefaultHistogramBuckets", DefaultHistogramBuckets);
        return this;
    }
}
