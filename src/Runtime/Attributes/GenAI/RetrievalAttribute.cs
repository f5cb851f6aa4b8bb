namespace NumAgents.Instrumentation;

/// <summary>
/// Says that a node class or a method retrieves documents (<c>retrieval</c>): its span carries
/// <c>gen_ai.operation.name</c> and <c>gen_ai.data_source.id</c>. Implies <see cref="TracedAttribute"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, Inherited = false)]
public sealed class RetrievalAttribute : Attribute
{
    /// <summary>A retrieval from an unnamed store.</summary>
    public RetrievalAttribute()
    {
    }

    /// <summary>A retrieval from this store.</summary>
    /// <param name="dataSource">The store's id (<c>gen_ai.data_source.id</c>), a compile-time constant.</param>
    public RetrievalAttribute(string dataSource)
    {
        DataSource = dataSource;
    }

    /// <summary>The store's id; <see langword="null"/> when not named.</summary>
    public string? DataSource { get; }
}
