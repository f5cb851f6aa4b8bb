namespace NumAgents.Instrumentation.Analyzers.Internal;

/// <summary>The attributes that instrument a class or method, by what they generate; the GenAI ones each imply a span.</summary>
internal enum InstrumentationAttributeKind
{
    None,
    Traced,
    Timed,
    Counted,
    Agent,
    Tool,
    LlmCall,
    Retrieval,
}
