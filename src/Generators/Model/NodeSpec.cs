using NumAgents.Instrumentation.Generators.Helpers;

namespace NumAgents.Instrumentation.Generators.Model;

/// <summary>
/// One attributed node class: where to reopen it and what its generated override records.
/// Holds only strings, bools and value-equal arrays (never a symbol or syntax node), so it must stay
/// immutable and value-equal or incremental caching breaks.
/// </summary>
/// <param name="HintName">The generated file's name.</param>
/// <param name="Namespace">The namespace as its declaration names it (keyword segments escaped: <c>Acme.@namespace</c>), <see langword="null"/> for the global namespace.</param>
/// <param name="ContainingTypes">Enclosing types, outermost first.</param>
/// <param name="Type">The node class itself.</param>
/// <param name="DisplayName">The class as a reader knows it, for comments.</param>
/// <param name="IsAsync">Whether the class derives from <c>AsyncNode</c> (so <c>InvokeNodeAsync</c> is overridden).</param>
/// <param name="IsSealed">Whether no class can derive from it (so no uninstrumented core is emitted).</param>
/// <param name="MarkNotClsCompliant">Whether the generated protected members carry <c>[CLSCompliant(false)]</c> (a visible class of a CLS-compliant assembly).</param>
/// <param name="ReadsObsoleteMembers">Whether a <c>[Label]</c> or <c>[SpanAttribute]</c> property it reads is obsolete (the file then disables CS0612 and CS0618, which the user's code raises already).</param>
/// <param name="BaseHasUninstrumentedCore">Whether a base class is itself instrumented by this generator, so this class calls (and hides with <c>new</c>) the base's uninstrumented core.</param>
/// <param name="SharedParameter">The base method's name for its <c>SharedStore</c> parameter.</param>
/// <param name="CancellationParameter">The base method's name for its token (async nodes only).</param>
/// <param name="Instruments">What to record.</param>
internal sealed record NodeSpec(
    string HintName,
    string? Namespace,
    EquatableArray<TypeDeclarationSpec> ContainingTypes,
    TypeDeclarationSpec Type,
    string DisplayName,
    bool IsAsync,
    bool IsSealed,
    bool MarkNotClsCompliant,
    bool ReadsObsoleteMembers,
    bool BaseHasUninstrumentedCore,
    string SharedParameter,
    string CancellationParameter,
    InstrumentsSpec Instruments);
