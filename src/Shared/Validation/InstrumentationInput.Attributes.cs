using Microsoft.CodeAnalysis;

namespace NumAgents.Instrumentation.Validation;

/// <summary>Which attributes are ours: <c>[Traced]</c>, <c>[Timed]</c>, <c>[Counted]</c> and <c>[Label]</c> of <c>NumAgents.Instrumentation</c>.</summary>
internal static partial class InstrumentationInput
{
    /// <summary>Which of our attributes <paramref name="attribute"/> is, if any.</summary>
    public static InstrumentAttributeKind? KindOf(AttributeData attribute)
    {
        var type = attribute.AttributeClass;
        if (type is null || type.TypeKind == TypeKind.Error || !IsInstrumentationNamespace(type.ContainingNamespace)) return null;
        return type.Name switch
        {
            "TracedAttribute" => InstrumentAttributeKind.Traced,
            "TimedAttribute" => InstrumentAttributeKind.Timed,
            "CountedAttribute" => InstrumentAttributeKind.Counted,
            _ => null,
        };
    }

    public static bool IsLabelAttribute(AttributeData attribute)
    {
        var type = attribute.AttributeClass;
        return type is { Name: "LabelAttribute" } && type.TypeKind != TypeKind.Error && IsInstrumentationNamespace(type.ContainingNamespace);
    }

    public static bool HasInstrumentAttribute(ISymbol symbol)
    {
        foreach (var attribute in symbol.GetAttributes())
        {
            if (KindOf(attribute) is not null) return true;
        }

        return false;
    }

    /// <summary>The <c>[Label]</c> of <paramref name="symbol"/>, if it has one.</summary>
    public static AttributeData? LabelAttributeOf(ISymbol symbol)
    {
        foreach (var attribute in symbol.GetAttributes())
        {
            if (IsLabelAttribute(attribute)) return attribute;
        }

        return null;
    }

    private static bool IsInstrumentationNamespace(INamespaceSymbol? ns)
        => ns is { Name: "Instrumentation" } && ns.ContainingNamespace is { Name: "NumAgents" } parent && parent.ContainingNamespace is { IsGlobalNamespace: true };
}
