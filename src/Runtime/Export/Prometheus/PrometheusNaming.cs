namespace NumAgents.Instrumentation;

/// <summary>How metric names and units are written in a Prometheus exposition.</summary>
public enum PrometheusNaming
{
    /// <summary>
    /// The Prometheus naming guide's conventions (the default): counters end in <c>_total</c>; timers are
    /// reported in seconds with a <c>_seconds</c> suffix, values and bucket bounds converted from the
    /// milliseconds they are recorded in; a unit declared on any other metric becomes a suffix by
    /// OpenTelemetry's Prometheus compatibility rules (<c>By</c> becomes <c>_bytes</c>, <c>1</c> on a gauge
    /// <c>_ratio</c>). <c>promtool check metrics</c> accepts these names.
    /// </summary>
    Conventional,

    /// <summary>
    /// The names as given, sanitized, with no suffix added and timers in milliseconds: the exports before
    /// conventional naming, for dashboards and alerts written against them. OpenMetrics still requires
    /// <c>_total</c> on counter samples.
    /// </summary>
    Legacy,
}
