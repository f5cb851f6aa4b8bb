using Microsoft.CodeAnalysis;

namespace NumAgents.Instrumentation.Validation;

/// <summary>A readable <c>[SpanAttribute]</c> parameter or node property and its attribute key.</summary>
internal sealed class SpanAttributeReading
{
    public SpanAttributeReading(ISymbol member, AttributeData attribute, string key)
    {
        Member = member;
        Attribute = attribute;
        Key = key;
    }

    /// <summary>The <see cref="IParameterSymbol"/> or <see cref="IPropertySymbol"/>.</summary>
    public ISymbol Member { get; }

    public AttributeData Attribute { get; }

    public string Key { get; }
}
