namespace NumAgents.Instrumentation.Naming;

/// <summary>
/// The kinds of metric whose exported names differ: the runtime's <c>MetricType</c> and the analyzers'
/// view of a call, reduced to what naming needs. A timer is a histogram of milliseconds, which
/// conventional naming reports in seconds.
/// </summary>
internal enum PrometheusMetricKind
{
    Counter,
    Gauge,
    Histogram,
    Timer,
}
