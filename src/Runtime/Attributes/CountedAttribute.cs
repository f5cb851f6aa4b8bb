namespace NumAgents.Instrumentation;

/// <summary>
/// Counts every execution of the annotated node class, or every call to the annotated method, by
/// outcome. Compiled in by the source generator.
/// </summary>
/// <remarks>
/// Defaults: <c>nodes.executed</c> labelled <c>node</c> for a node class; <c>method.invocations</c>
/// labelled <c>class</c> and <c>method</c> for a method. Every series also carries <c>outcome</c>
/// (<c>success</c> or <c>failure</c>) and, on failure, <c>error_type</c>: the exception's type name.
/// </remarks>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, Inherited = false)]
public sealed class CountedAttribute : Attribute
{
    /// <summary>Counts into the default counter.</summary>
    public CountedAttribute()
    {
    }

    /// <summary>Counts into the counter named <paramref name="name"/>.</summary>
    /// <param name="name">The metric name, a compile-time constant.</param>
    public CountedAttribute(string name)
    {
        Name = name;
    }

    /// <summary>The metric name; <see langword="null"/> for the default.</summary>
    public string? Name { get; }

    /// <summary>Help text exported as the metric's Prometheus <c># HELP</c> line.</summary>
    public string? Description { get; set; }

    /// <summary>Constant labels added to the counter, each written <c>"key=value"</c>.</summary>
    public string[]? ExtraLabels { get; set; }

    /// <summary>Counts failed executions only (Micrometer's <c>recordFailuresOnly</c>).</summary>
    public bool RecordFailuresOnly { get; set; }

    /// <summary>
    /// The unit of what is counted (UCUM, as OpenTelemetry writes it: <c>{call}</c>, <c>By</c>); exported as a
    /// name suffix by OpenTelemetry's Prometheus rules (<c>By</c> becomes <c>_bytes</c>; an annotation in
    /// braces adds nothing). <see langword="null"/> for none.
    /// </summary>
    public string? Unit { get; set; }
}
