namespace NumAgents.Instrumentation;

/// <summary>
/// Records a span for every execution of the annotated node class, or every call to the annotated
/// method. The source generator compiles it in; nothing happens at run time through reflection.
/// </summary>
/// <remarks>
/// <para>
/// On a <c>partial</c> class deriving from <c>NumAgents.Core.Node</c>, the span is named
/// <c>node.{Name}</c> and carries the attribute <c>node</c>. On a method, the span is named
/// <c>{Type}.{Method}</c> and carries <c>class</c> and <c>method</c>. Parameters and node properties
/// marked <see cref="LabelAttribute"/> become span attributes too.
/// </para>
/// <para>
/// A failed execution ends the span with status <c>Error</c>, the exception recorded as an event and
/// the attribute <c>error_type</c>; the exception itself reaches the caller unchanged.
/// </para>
/// </remarks>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, Inherited = false)]
public sealed class TracedAttribute : Attribute
{
    /// <summary>Records a span with the default name.</summary>
    public TracedAttribute()
    {
    }

    /// <summary>Records a span named <paramref name="name"/>.</summary>
    /// <param name="name">The span name, a compile-time constant.</param>
    public TracedAttribute(string name)
    {
        Name = name;
    }

    /// <summary>The span name; <see langword="null"/> for the default.</summary>
    public string? Name { get; }

    /// <summary>What the span covers; documentation only.</summary>
    public string? Description { get; set; }

    /// <summary>
    /// Constant attributes added to every span, each written <c>"key=value"</c> (the first <c>=</c>
    /// separates key and value; the key is a Prometheus-style name: letters, digits and <c>_</c>, not
    /// starting with a digit).
    /// </summary>
    public string[]? ExtraLabels { get; set; }
}
