namespace NumAgents.Instrumentation.Validation;

/// <summary>
/// The attributes that say what a node or method is in the GenAI semantic conventions. Each implies a span;
/// a declaration is at most one of them.
/// </summary>
internal enum GenAIAttributeKind
{
    /// <summary><c>[Agent]</c>: <c>invoke_agent</c>.</summary>
    Agent,

    /// <summary><c>[Tool]</c>: <c>execute_tool</c>.</summary>
    Tool,

    /// <summary><c>[LlmCall]</c>: <c>chat</c> or the operation it names (methods only).</summary>
    LlmCall,

    /// <summary><c>[Retrieval]</c>: <c>retrieval</c>.</summary>
    Retrieval,
}
