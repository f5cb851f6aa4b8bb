namespace NumAgents.Instrumentation.Validation;

/// <summary>The three instrumenting attributes, in the order the generator describes a class by.</summary>
internal enum InstrumentAttributeKind
{
    /// <summary><c>[Traced]</c>.</summary>
    Traced,

    /// <summary><c>[Timed]</c>.</summary>
    Timed,

    /// <summary><c>[Counted]</c>.</summary>
    Counted,
}
