namespace NumAgents.Instrumentation.Analyzers.Internal;

/// <summary>How much the analyzer knows about the values of an expression.</summary>
internal enum ValueShapeKind
{
    /// <summary>Nothing: a parameter, a field, a call the analyzer cannot see into.</summary>
    Unknown,

    /// <summary>A finite set: constants, enum members, booleans, a switch over those.</summary>
    Bounded,

    /// <summary>A source with no fixed set of values: a Guid, a timestamp, a number, random data.</summary>
    Unbounded,
}
