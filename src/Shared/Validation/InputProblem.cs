using Microsoft.CodeAnalysis;

namespace NumAgents.Instrumentation.Validation;

/// <summary>
/// One reason the generator gives an instrumented class or method no code. The generator skips the
/// member when it finds any; the analyzers report each one. Holds symbols, so it lives only while a
/// member is read and never enters a generator model.
/// </summary>
internal sealed class InputProblem
{
    public InputProblem(ProblemKind kind, AttributeData attribute, string text, string? argument = null, int element = -1, ISymbol? labelMember = null)
    {
        Kind = kind;
        Attribute = attribute;
        Text = text;
        Argument = argument;
        Element = element;
        LabelMember = labelMember;
    }

    public ProblemKind Kind { get; }

    /// <summary>Whether the generator gives the member no code for it (every kind but <see cref="ProblemKind.IgnoredAttribute"/>).</summary>
    public bool CostsTheMember => Kind != ProblemKind.IgnoredAttribute;

    /// <summary>The attribute at fault: an instrumentation attribute, the <c>[Label]</c>, <c>[SpanAttribute]</c> or <c>[ToolCallId]</c>.</summary>
    public AttributeData Attribute { get; }

    /// <summary>
    /// What is wrong, phrased to follow the attribute (<c>has ExtraLabels entry 'team' without '='</c>)
    /// or, for a label, the member (<c>is an out parameter...</c>).
    /// </summary>
    public string Text { get; }

    /// <summary>The argument at fault (<see cref="InstrumentationInput.NameArgument"/>, <c>ExtraLabels</c>, <c>Buckets</c>), if one is.</summary>
    public string? Argument { get; }

    /// <summary>The index of the faulty element of an array argument, or -1.</summary>
    public int Element { get; }

    /// <summary>The <c>[Label]</c>, <c>[SpanAttribute]</c> or <c>[ToolCallId]</c> parameter or property, for a problem with a member.</summary>
    public ISymbol? LabelMember { get; }
}
