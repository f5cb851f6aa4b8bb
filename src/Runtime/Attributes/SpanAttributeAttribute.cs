namespace NumAgents.Instrumentation;

/// <summary>
/// Makes a parameter of an instrumented method, or a property of an instrumented node class, an
/// attribute of its span only, never a metric label: for values with no bound or that must stay out of
/// metrics (a conversation, session or user id, a prompt's length, a document id). The value is read at
/// every execution of a recorded span and costs nothing when the span is not recorded.
/// </summary>
/// <remarks>
/// The default key is the member's name in snake_case (<c>conversationId</c> becomes
/// <c>conversation_id</c>). Strings, <see cref="bool"/> and numbers are recorded as such (integers as
/// <see cref="long"/>, floating point as <see cref="double"/>), other values in their invariant string
/// form; the tracer's value length limit applies. Use <see cref="LabelAttribute"/> for a value with few
/// distinct values that should split the metrics as well.
/// </remarks>
[AttributeUsage(AttributeTargets.Parameter | AttributeTargets.Property)]
public sealed class SpanAttributeAttribute : Attribute
{
    /// <summary>Uses the member's name in snake_case as the attribute key.</summary>
    public SpanAttributeAttribute()
    {
    }

    /// <summary>Uses <paramref name="name"/> as the attribute key.</summary>
    /// <param name="name">The attribute key, a compile-time constant.</param>
    public SpanAttributeAttribute(string name)
    {
        Name = name;
    }

    /// <summary>The attribute key; <see langword="null"/> for the member's name in snake_case.</summary>
    public string? Name { get; }
}
