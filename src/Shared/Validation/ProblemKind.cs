namespace NumAgents.Instrumentation.Validation;

/// <summary>Which rule explains an <see cref="InputProblem"/>.</summary>
internal enum ProblemKind
{
    /// <summary>
    /// The compiler already reports an error here (an attribute given twice, an argument that does not
    /// bind), so no rule repeats it.
    /// </summary>
    CompilerError,

    /// <summary>An argument of <c>[Traced]</c>, <c>[Timed]</c> or <c>[Counted]</c>: NAI0013.</summary>
    InvalidArgument,

    /// <summary>A <c>[Label]</c> member or its key: NAI0014.</summary>
    InvalidLabel,

    /// <summary>
    /// A GenAI attribute (<c>[Agent]</c>, <c>[Tool]</c>, <c>[LlmCall]</c>, <c>[Retrieval]</c>), <c>[ToolCallId]</c>
    /// or <c>[SpanAttribute]</c> that the generator ignores while it still instruments the rest of the member:
    /// NAI0022. The only kind that does not cost the member its code.
    /// </summary>
    IgnoredAttribute,
}
