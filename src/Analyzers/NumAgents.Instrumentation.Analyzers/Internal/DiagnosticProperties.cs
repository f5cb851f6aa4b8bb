namespace NumAgents.Instrumentation.Analyzers.Internal;

/// <summary>Keys of <c>Diagnostic.Properties</c> that analyzers hand to their code fixes.</summary>
internal static class DiagnosticProperties
{
    /// <summary>NAI0001, NAI0021: the name of the <c>Span</c> local the label value can move to.</summary>
    public const string SpanLocal = "SpanLocal";

    /// <summary>NAI0011: how the result is dropped (<see cref="ScopeShapeDiscarded"/>, <see cref="ScopeShapeLocal"/>).</summary>
    public const string ScopeShape = "ScopeShape";

    public const string ScopeShapeDiscarded = "Discarded";

    public const string ScopeShapeLocal = "Local";

    /// <summary>NAI0011: the name the fix gives a new <c>using</c> local ("timer" or "span").</summary>
    public const string SuggestedLocalName = "SuggestedLocalName";

    /// <summary>NAI0021: the <c>[Label]</c> at the diagnostic can become <c>[SpanAttribute]</c> (its member has a span to write on).</summary>
    public const string LabelToSpanAttribute = "LabelToSpanAttribute";

    /// <summary>NAI0012: the conventional spelling of the name.</summary>
    public const string SuggestedName = "SuggestedName";
}
