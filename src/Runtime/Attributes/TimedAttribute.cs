namespace NumAgents.Instrumentation;

/// <summary>
/// Records the duration, in milliseconds, of every execution of the annotated node class or every
/// call to the annotated method into a timer histogram. Compiled in by the source generator.
/// </summary>
/// <remarks>
/// Defaults: <c>node.duration</c> labelled <c>node</c> for a node class; <c>method.duration</c> labelled
/// <c>class</c> and <c>method</c> for a method. Parameters and node properties marked
/// <see cref="LabelAttribute"/> add labels. An asynchronous execution is timed to its completion.
/// </remarks>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, Inherited = false)]
public sealed class TimedAttribute : Attribute
{
    /// <summary>Records into the default timer.</summary>
    public TimedAttribute()
    {
    }

    /// <summary>Records into the timer named <paramref name="name"/>.</summary>
    /// <param name="name">The metric name, a compile-time constant.</param>
    public TimedAttribute(string name)
    {
        Name = name;
    }

    /// <summary>The metric name; <see langword="null"/> for the default.</summary>
    public string? Name { get; }

    /// <summary>Help text exported as the metric's Prometheus <c># HELP</c> line.</summary>
    public string? Description { get; set; }

    /// <summary>Constant labels added to the timer, each written <c>"key=value"</c>.</summary>
    public string[]? ExtraLabels { get; set; }

    /// <summary>
    /// Bucket upper bounds in milliseconds, finite and strictly increasing; <see langword="null"/> for
    /// the monitor's <c>MonitorOptions.DefaultHistogramBuckets</c>.
    /// </summary>
    public double[]? Buckets { get; set; }

    /// <summary>
    /// Adds the labels <c>outcome</c> (<c>success</c> or <c>failure</c>) and, on failure,
    /// <c>error_type</c> to the timer, so durations can be split by result. Off by default: the
    /// contract's timer is labelled by <c>node</c> (or <c>class</c> and <c>method</c>) only.
    /// </summary>
    public bool RecordOutcome { get; set; }
}
