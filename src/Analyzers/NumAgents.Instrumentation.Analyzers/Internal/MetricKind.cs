namespace NumAgents.Instrumentation.Analyzers.Internal;

/// <summary>The kinds a metric name can have; the runtime rejects one name used as two kinds.</summary>
internal enum MetricKind
{
    Counter,
    Gauge,
    Histogram,
    Timer,
}
