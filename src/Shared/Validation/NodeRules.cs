using Microsoft.CodeAnalysis;

namespace NumAgents.Instrumentation.Validation;

/// <summary>
/// Whether the generator can add its partial declaration, with the override of the execution seam, to
/// a node class: the generator acts on the answer and the analyzers explain it, from this one file.
/// </summary>
internal static class NodeRules
{
    public const string InvokeNode = "InvokeNode";
    public const string InvokeNodeAsync = "InvokeNodeAsync";
    public const string InvokeNodeUninstrumented = "InvokeNodeUninstrumented";
    public const string InvokeNodeAsyncUninstrumented = "InvokeNodeAsyncUninstrumented";

    /// <summary>The prefix of the generated members' names, which user code must not take.</summary>
    public const string GeneratedMemberPrefix = "__numAgents";

    /// <summary>
    /// Why the generated part cannot extend <paramref name="type"/> (a node class; an <c>AsyncNode</c> when
    /// <paramref name="isAsync"/>), or <see langword="null"/> with the base member it overrides.
    /// Partiality and derivation from <c>Node</c> are checked apart (NAI0007, NAI0008).
    /// </summary>
    /// <param name="type">The node class.</param>
    /// <param name="isAsync">Whether it derives from <c>AsyncNode</c>.</param>
    /// <param name="isGenerated">
    /// Whether a member of the class comes from the generator itself: the generator never sees its own
    /// output, the analyzers do and must not count it.
    /// </param>
    /// <param name="seam">The base member the generated code overrides.</param>
    public static string? WhyCannotExtend(INamedTypeSymbol type, bool isAsync, System.Func<ISymbol, bool> isGenerated, out IMethodSymbol? seam)
    {
        seam = null;
        if (type.TypeKind != TypeKind.Class || type.IsStatic || type.IsRecord) return "it is not a plain class";
        if (type.IsFileLocal) return "it is file-local, so a generated declaration in another file could not be part of it";
        for (var outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
        {
            if (outer.IsFileLocal) return "its containing type '" + outer.Name + "' is file-local, so a generated declaration in another file could not be part of it";
            if (outer.TypeKind is not (TypeKind.Class or TypeKind.Struct or TypeKind.Interface)) return "its containing type '" + outer.Name + "' cannot be declared again by generated code";
        }

        var seamName = isAsync ? InvokeNodeAsync : InvokeNode;
        var coreName = isAsync ? InvokeNodeAsyncUninstrumented : InvokeNodeUninstrumented;
        if (type.BaseType is null) return "it has no base class";
        var found = FindSeam(type.BaseType, seamName, isAsync ? 2 : 1, out var owner);
        if (found is null) return "no base class declares " + seamName + " for the generated code to override";
        if (found.IsSealed) return seamName + " is sealed in base class '" + owner!.Name + "', so the generated code cannot override it";
        if (!(found.IsVirtual || found.IsOverride || found.IsAbstract)) return "base class '" + owner!.Name + "' hides " + seamName + " with a member that is not virtual, so the generated code cannot override it";
        if (found.DeclaredAccessibility != Accessibility.Protected) return seamName + " is not protected in base class '" + owner!.Name + "', so the generated code cannot override it";

        foreach (var member in type.GetMembers())
        {
            if (isGenerated(member)) continue;
            if (member.Name == seamName) return "it already declares " + seamName + ", which the generated code must declare";
            if (member.Name == coreName || member.Name.StartsWith(GeneratedMemberPrefix, System.StringComparison.Ordinal))
            {
                return "it declares '" + member.Name + "', a name the generated code uses";
            }
        }

        seam = found;
        return null;
    }

    /// <summary>The first instance method named <paramref name="name"/> with <paramref name="parameterCount"/> parameters up the base classes.</summary>
    private static IMethodSymbol? FindSeam(INamedTypeSymbol start, string name, int parameterCount, out INamedTypeSymbol? owner)
    {
        for (var type = start; type is not null; type = type.BaseType)
        {
            foreach (var member in type.GetMembers(name))
            {
                if (member is not IMethodSymbol method || method.Parameters.Length != parameterCount || method.IsStatic) continue;
                owner = type;
                return method;
            }
        }

        owner = null;
        return null;
    }
}
