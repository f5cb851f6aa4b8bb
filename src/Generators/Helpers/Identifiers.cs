using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace NumAgents.Instrumentation.Generators.Helpers;

/// <summary>
/// Writes a symbol's name as generated code must spell it: <c>@event</c> for a keyword, the name as it is
/// otherwise. Span, metric and label names use the plain name (<c>node.event</c>), never this.
/// </summary>
internal static class Identifiers
{
    /// <summary>
    /// The name, with <c>@</c> when <see cref="SyntaxFacts"/> says C# would read it as a keyword: every reserved
    /// keyword, and <c>await</c>, which generated async methods (and the user's own async methods that a
    /// generated part joins) would read as the operator. Other contextual keywords are identifiers wherever
    /// generated code writes a name.
    /// </summary>
    public static string Escape(string name)
        => SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None || SyntaxFacts.GetContextualKeywordKind(name) == SyntaxKind.AwaitKeyword ? "@" + name : name;

    /// <summary>A namespace as a <c>namespace</c> declaration names it, each segment escaped; <see langword="null"/> for the global namespace.</summary>
    public static string? Namespace(INamespaceSymbol? ns)
    {
        if (ns is null || ns.IsGlobalNamespace) return null;
        var outer = Namespace(ns.ContainingNamespace);
        return outer is null ? Escape(ns.Name) : outer + "." + Escape(ns.Name);
    }
}
