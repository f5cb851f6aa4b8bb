namespace NumAgents.Instrumentation.Analyzers.Internal;

/// <summary>The instrumentation attributes, by what they generate.</summary>
internal enum InstrumentationAttributeKind
{
    None,
    Traced,
    Timed,
    Counted,
}
