namespace NumAgents.Instrumentation.Validation;

/// <summary>
/// The members of a node class or method whose values the generated code writes on its span at each execution:
/// the <c>[SpanAttribute]</c> members in order, and the <c>[ToolCallId]</c> parameter.
/// </summary>
internal sealed class SpanMembers
{
    public SpanMembers(System.Collections.Generic.List<KeyedMemberReading> spanAttributes, Microsoft.CodeAnalysis.IParameterSymbol? toolCallId)
    {
        SpanAttributes = spanAttributes;
        ToolCallId = toolCallId;
    }

    public System.Collections.Generic.List<KeyedMemberReading> SpanAttributes { get; }

    /// <summary>The string parameter whose value is <c>gen_ai.tool.call.id</c>, if one is marked and usable.</summary>
    public Microsoft.CodeAnalysis.IParameterSymbol? ToolCallId { get; }
}
