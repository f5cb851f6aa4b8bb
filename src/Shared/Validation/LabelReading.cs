using Microsoft.CodeAnalysis;

namespace NumAgents.Instrumentation.Validation;

/// <summary>A readable <c>[Label]</c> parameter or property and its key.</summary>
internal sealed class LabelReading
{
    public LabelReading(ISymbol member, AttributeData attribute, string key)
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
