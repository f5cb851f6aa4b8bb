namespace NumAgents.Instrumentation.Generators.Model;

/// <summary>The three instrumenting attributes.</summary>
internal enum InstrumentKind
{
    /// <summary><c>[Traced]</c>.</summary>
    Traced,

    /// <summary><c>[Timed]</c>.</summary>
    Timed,

    /// <summary><c>[Counted]</c>.</summary>
    Counted,
}
