using Microsoft.Extensions.Logging;
using NumAgents.Core;

namespace NumAgents.Instrumentation;

/// <summary>
/// A flow node that reports on a monitor: its result holds <c>"stats"</c>, the monitor's
/// <see cref="MonitorStatistics"/>, and it records them as gauges <c>{prefix}.metric_series</c> and
/// <c>{prefix}.retained_spans</c> (not <c>_count</c> names: Prometheus keeps that suffix for histograms and summaries).
/// With logging on, each run also writes an <c>Information</c> record
/// "Monitoring statistics" to the monitor's log, carrying the statistics' keys (<c>metrics_count</c>,
/// <c>spans_count</c>...), <c>node</c> and <c>metric_prefix</c>.
/// </summary>
/// <remarks>
/// The statistics are taken before the gauges are set, so on the first run they do not count the
/// node's own gauges. Place the node where a snapshot is wanted, typically last.
/// </remarks>
public sealed class MonitoringNode : Node
{
    /// <summary>The result key holding the <see cref="MonitorStatistics"/>.</summary>
    public const string StatsKey = "stats";

    private Gauges? _gauges;

    /// <summary>Creates a monitoring node.</summary>
    /// <param name="monitor">The monitor to report on.</param>
    /// <param name="metricPrefix">The prefix of the gauges the node records (default <c>flow</c>).</param>
    /// <param name="name">The node's name (default <c>MonitoringNode</c>).</param>
    /// <param name="enableLogging">Whether each run also writes the statistics to the monitor's log (<see cref="AgentMonitor.Log(LogLevel, string, IReadOnlyDictionary{string, object?}?)"/>).</param>
    /// <exception cref="ArgumentException"><paramref name="metricPrefix"/> is empty or whitespace.</exception>
    public MonitoringNode(AgentMonitor monitor, string metricPrefix = "flow", string? name = null, bool enableLogging = true)
        : base(name)
    {
        ArgumentNullException.ThrowIfNull(monitor);
        ArgumentException.ThrowIfNullOrWhiteSpace(metricPrefix);
        Monitor = monitor;
        MetricPrefix = metricPrefix;
        EnableLogging = enableLogging;
    }

    /// <summary>The monitor the node reports on.</summary>
    public AgentMonitor Monitor { get; }

    /// <summary>The prefix of the node's gauges.</summary>
    public string MetricPrefix { get; }

    /// <summary>Whether each run writes the statistics to the monitor's log.</summary>
    public bool EnableLogging { get; }

    /// <summary>Takes the monitor's statistics, records them as gauges and returns them under <see cref="StatsKey"/>.</summary>
    /// <param name="shared">The shared store (not used).</param>
    /// <returns><c>{ "stats": MonitorStatistics }</c>.</returns>
    protected override NodeResult Exec(SharedStore shared)
    {
        var stats = Monitor.GetStatistics();

        // Handles are resolved on first use rather than in the constructor: resolving registers the
        // series, and the first snapshot must not count gauges the node has not recorded yet.
        var gauges = _gauges ??= new Gauges(
            Monitor.Metrics.GetGauge(MetricPrefix + ".metric_series", description: "Metric series held by the monitor"),
            Monitor.Metrics.GetGauge(MetricPrefix + ".retained_spans", description: "Finished spans retained by the monitor"));
        gauges.MetricsCount.Set(stats.MetricsCount);
        gauges.SpansCount.Set(stats.SpansCount);
        if (EnableLogging)
        {
            var extra = new Dictionary<string, object?>(stats.ToDictionary(), StringComparer.Ordinal)
            {
                ["node"] = Name,
                ["metric_prefix"] = MetricPrefix,
            };
            Monitor.Log(LogLevel.Information, "Monitoring statistics", extra);
        }

        return new() { [StatsKey] = stats };
    }

    private sealed record Gauges(GaugeHandle MetricsCount, GaugeHandle SpansCount);
}
