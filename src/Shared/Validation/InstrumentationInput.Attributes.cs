using Microsoft.CodeAnalysis;

namespace NumAgents.Instrumentation.Validation;

/// <summary>
/// Which attributes are ours: <c>[Traced]</c>, <c>[Timed]</c>, <c>[Counted]</c>, the GenAI attributes
/// (<c>[Agent]</c>, <c>[Tool]</c>, <c>[LlmCall]</c>, <c>[Retrieval]</c>), and the member attributes <c>[Label]</c>,
/// <c>[SpanAttribute]</c> and <c>[ToolCallId]</c>, all of <c>NumAgents.Instrumentation</c>.
/// </summary>
internal static partial class InstrumentationInput
{
    /// <summary>Which of <c>[Traced]</c>, <c>[Timed]</c> and <c>[Counted]</c> <paramref name="attribute"/> is, if any.</summary>
    public static InstrumentAttributeKind? KindOf(AttributeData attribute)
    {
        if (OurAttributeName(attribute) is not { } name) return null;
        return name switch
        {
            "TracedAttribute" => InstrumentAttributeKind.Traced,
            "TimedAttribute" => InstrumentAttributeKind.Timed,
            "CountedAttribute" => InstrumentAttributeKind.Counted,
            _ => null,
        };
    }

    /// <summary>Which GenAI attribute <paramref name="attribute"/> is, if any.</summary>
    public static GenAIAttributeKind? GenAIKindOf(AttributeData attribute)
    {
        if (OurAttributeName(attribute) is not { } name) return null;
        return name switch
        {
            "AgentAttribute" => GenAIAttributeKind.Agent,
            "ToolAttribute" => GenAIAttributeKind.Tool,
            "LlmCallAttribute" => GenAIAttributeKind.LlmCall,
            "RetrievalAttribute" => GenAIAttributeKind.Retrieval,
            _ => null,
        };
    }

    /// <summary>
    /// Whether <paramref name="attribute"/> makes its class or method instrumented: one of the three
    /// instrumentation attributes, or a GenAI attribute (each implies a span).
    /// </summary>
    public static bool IsInstrumentAttribute(AttributeData attribute) => KindOf(attribute) is not null || GenAIKindOf(attribute) is not null;

    public static bool IsLabelAttribute(AttributeData attribute) => OurAttributeName(attribute) == "LabelAttribute";

    public static bool IsSpanAttributeAttribute(AttributeData attribute) => OurAttributeName(attribute) == "SpanAttributeAttribute";

    public static bool IsToolCallIdAttribute(AttributeData attribute) => OurAttributeName(attribute) == "ToolCallIdAttribute";

    public static bool HasInstrumentAttribute(ISymbol symbol)
    {
        foreach (var attribute in symbol.GetAttributes())
        {
            if (IsInstrumentAttribute(attribute)) return true;
        }

        return false;
    }

    /// <summary>The <c>[Label]</c> of <paramref name="symbol"/>, if it has one.</summary>
    public static AttributeData? LabelAttributeOf(ISymbol symbol) => FindAttribute(symbol, "LabelAttribute");

    /// <summary>The <c>[SpanAttribute]</c> of <paramref name="symbol"/>, if it has one.</summary>
    public static AttributeData? SpanAttributeAttributeOf(ISymbol symbol) => FindAttribute(symbol, "SpanAttributeAttribute");

    /// <summary>The <c>[ToolCallId]</c> of <paramref name="symbol"/>, if it has one.</summary>
    public static AttributeData? ToolCallIdAttributeOf(ISymbol symbol) => FindAttribute(symbol, "ToolCallIdAttribute");

    private static AttributeData? FindAttribute(ISymbol symbol, string name)
    {
        foreach (var attribute in symbol.GetAttributes())
        {
            if (OurAttributeName(attribute) == name) return attribute;
        }

        return null;
    }

    /// <summary>The attribute class's name when it is one of ours (declared in <c>NumAgents.Instrumentation</c>), else <see langword="null"/>.</summary>
    private static string? OurAttributeName(AttributeData attribute)
    {
        var type = attribute.AttributeClass;
        if (type is null || type.TypeKind == TypeKind.Error || !IsInstrumentationNamespace(type.ContainingNamespace)) return null;
        return type.Name;
    }

    private static bool IsInstrumentationNamespace(INamespaceSymbol? ns)
        => ns is { Name: "Instrumentation" } && ns.ContainingNamespace is { Name: "NumAgents" } parent && parent.ContainingNamespace is { IsGlobalNamespace: true };
}
