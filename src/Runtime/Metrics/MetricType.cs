namespace NumAgents.Instrumentation;

/// <summary>The kind of a metric family. A name keeps the kind it was first used with.</summary>
public enum MetricType
{
    /// <summary>A monotonically increasing total.</summary>
    Counter,

    /// <summary>A value that can go up and down; the last value set wins.</summary>
    Gauge,

    /// <summary>A distribution of observed values.</summary>
    Histogram,

    /// <summary>A histogram of durations in milliseconds, recorded by <see cref="MetricsCollector.Timer(string, in Labels, string?)"/>.</summary>
    Timer,
}
