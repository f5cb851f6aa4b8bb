namespace NumAgents.Instrumentation;

/// <summary>
/// Makes a parameter of an instrumented method, or a property of an instrumented node class, a label
/// of its timer and counter and an attribute of its span. The value is read at every execution.
/// </summary>
/// <remarks>
/// The default key is the member's name in snake_case (<c>toolName</c> becomes <c>tool_name</c>). A
/// string is used as it is (<see langword="null"/> becomes an empty value), a <see cref="bool"/> is
/// <c>true</c> or <c>false</c>, other values are formatted with the invariant culture. Each distinct
/// value is a series: label with bounded values (a tool name, a model), never with ids.
/// </remarks>
[AttributeUsage(AttributeTargets.Parameter | AttributeTargets.Property)]
public sealed class LabelAttribute : Attribute
{
    /// <summary>Uses the member's name in snake_case as the label key.</summary>
    public LabelAttribute()
    {
    }

    /// <summary>Uses <paramref name="name"/> as the label key.</summary>
    /// <param name="name">The label key, a compile-time constant.</param>
    public LabelAttribute(string name)
    {
        Name = name;
    }

    /// <summary>The label key; <see langword="null"/> for the member's name in snake_case.</summary>
    public string? Name { get; }
}
