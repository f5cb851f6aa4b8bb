using NumAgents.Instrumentation.Tracing;

namespace NumAgents.Instrumentation;

/// <summary>A link from a span to another span that is related but not its parent (a batch's inputs, for example).</summary>
public readonly struct SpanLink
{
    /// <summary>Creates a link.</summary>
    /// <param name="context">The linked span's context.</param>
    /// <param name="attributes">Attributes describing the link.</param>
    /// <exception cref="ArgumentException"><paramref name="context"/> is not valid.</exception>
    public SpanLink(SpanContext context, IReadOnlyDictionary<string, object?>? attributes = null)
    {
        if (!context.IsValid) throw new ArgumentException("A span link needs a valid span context.", nameof(context));
        Context = context;
        AttributeList = ReadOnlyAttributes.From(AttributeValues.Copy(attributes, "a span link", null));
    }

    /// <summary>The linked span's context.</summary>
    public SpanContext Context { get; }

    /// <summary>Attributes describing the link.</summary>
    public IReadOnlyDictionary<string, object?> Attributes => AttributeList ?? ReadOnlyAttributes.Empty;

    internal ReadOnlyAttributes? AttributeList { get; }
}
