using Microsoft.CodeAnalysis;

namespace NumAgents.Instrumentation.Validation;

/// <summary>A readable <c>[Label]</c> or <c>[SpanAttribute]</c> parameter or property and its key.</summary>
internal sealed class KeyedMemberReading
{
    public KeyedMemberReading(ISymbol member, AttributeData attribute, string key)
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
