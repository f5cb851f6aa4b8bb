namespace NumAgents.Instrumentation.Generators.Model;

/// <summary>
/// The attributes that instrument a node class, each with its own pipeline. A class with several is described
/// once, by the pipeline of the first it has in this order.
/// </summary>
internal enum InstrumentKind
{
    /// <summary><c>[Traced]</c>.</summary>
    Traced,

    /// <summary><c>[Timed]</c>.</summary>
    Timed,

    /// <summary><c>[Counted]</c>.</summary>
    Counted,

    /// <summary><c>[Agent]</c>.</summary>
    Agent,

    /// <summary><c>[Tool]</c>.</summary>
    Tool,

    /// <summary><c>[Retrieval]</c>.</summary>
    Retrieval,
}
