using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace NumAgents.Instrumentation.Validation;

/// <summary>
/// Which attributed methods the generator intercepts, and what the project must allow: the generator acts on
/// these answers and the analyzers explain them, from this one file. Which calls to such a method it rewrites
/// is <see cref="CallSiteRules"/>' concern.
/// </summary>
internal static class InterceptionRules
{
    /// <summary>The namespace of the generated interceptors, which a project lists in <c>InterceptorsNamespaces</c>.</summary>
    public const string GeneratedNamespace = "NumAgents.Instrumentation.Generated";

    /// <summary>Generated code uses collection expressions.</summary>
    public const LanguageVersion MinimumLanguageVersion = LanguageVersion.CSharp12;

    /// <summary>Whether the project's language version lets the generator emit anything.</summary>
    public static bool CanGenerate(ParseOptions? options)
        => options is CSharpParseOptions csharp && csharp.LanguageVersion >= MinimumLanguageVersion;

    /// <summary>
    /// Whether the project lists <see cref="GeneratedNamespace"/> in the MSBuild property <c>InterceptorsNamespaces</c>
    /// (formerly <c>InterceptorsPreviewNamespaces</c>), which the compiler receives as a parse-options feature of the same name.
    /// </summary>
    public static bool AllowsInterceptors(ParseOptions? options)
    {
        if (options is not CSharpParseOptions csharp) return false;
        foreach (var feature in new[] { "InterceptorsNamespaces", "InterceptorsPreviewNamespaces" })
        {
            if (!csharp.Features.TryGetValue(feature, out var value)) continue;
            foreach (var entry in value.Split(';'))
            {
                if (string.Equals(entry.Trim(), GeneratedNamespace, System.StringComparison.Ordinal)) return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Why an interceptor could not call <paramref name="method"/> from the generated namespace (not
    /// accessible there, a type it cannot name, a ref return, a varargs or unsafe signature...), or
    /// <see langword="null"/> when it can.
    /// </summary>
    public static string? WhyNotInterceptable(IMethodSymbol method, Compilation compilation)
    {
        if (method.MethodKind != MethodKind.Ordinary) return "it is not an ordinary method (" + method.MethodKind + ")";
        if (!SyntaxFacts.IsValidIdentifier(method.Name)) return "its name '" + method.Name + "' is not a C# identifier, so the generated interceptor cannot call it";
        if (method.IsVararg) return "it takes __arglist, which an interceptor cannot pass on";
        if (method.ReturnsByRef || method.ReturnsByRefReadonly) return "it returns by reference, which the generated wrapper cannot pass on";
        var containingType = method.ContainingType;
        if (containingType is null || containingType.TypeKind is not (TypeKind.Class or TypeKind.Struct or TypeKind.Interface))
        {
            return containingType?.TypeKind.ToString() == "Extension"
                ? "it is a member of an extension block, which interceptors cannot call"
                : "it is not declared in a class, struct or interface";
        }

        if (method.IsStatic && containingType.TypeKind == TypeKind.Interface && (method.IsAbstract || method.IsVirtual))
        {
            return "it is a static abstract or virtual interface member, called only through a type parameter";
        }

        if (WhyNotNameable(containingType, compilation) is { } typeReason) return "the generated interceptor cannot name its type: " + typeReason;
        if (!compilation.IsSymbolAccessibleWithin(method, compilation.Assembly))
        {
            return "it is " + DescribeAccessibility(method.DeclaredAccessibility) + ", so the generated interceptor, outside its type, cannot call it";
        }

        if (HasUnscopedRef(method)) return "it has [UnscopedRef], which an interceptor cannot repeat";

        // The interceptor's type parameters are the containing types' and then the method's: their names must differ.
        var typeParameterNames = new System.Collections.Generic.HashSet<string>(System.StringComparer.Ordinal);
        var typeParameters = new System.Collections.Generic.List<ITypeParameterSymbol>();
        for (var outer = containingType; outer is not null; outer = outer.ContainingType)
        {
            typeParameters.AddRange(outer.TypeParameters);
        }

        typeParameters.AddRange(method.TypeParameters);
        foreach (var typeParameter in typeParameters)
        {
            if (!typeParameterNames.Add(typeParameter.Name)) return "its type parameter '" + typeParameter.Name + "' reuses the name of a type parameter of its containing type";
            if (GeneratedNames.IsReserved(typeParameter.Name)) return "its type parameter '" + typeParameter.Name + "' starts with '" + GeneratedNames.Prefix + "', which the generated interceptor keeps for its own names";
            foreach (var constraint in typeParameter.ConstraintTypes)
            {
                if (WhyNotNameable(constraint, compilation) is { } reason) return "the constraint of its type parameter '" + typeParameter.Name + "' names a type the generated interceptor cannot name: " + reason;
            }
        }

        foreach (var parameter in method.Parameters)
        {
            if (WhyNotNameable(parameter.Type, compilation) is { } reason) return "its parameter '" + parameter.Name + "' has a type the generated interceptor cannot name: " + reason;
            if (HasUnscopedRef(parameter)) return "its parameter '" + parameter.Name + "' has [UnscopedRef], which an interceptor cannot repeat";
        }

        if (!method.ReturnsVoid && WhyNotNameable(method.ReturnType, compilation) is { } returnReason)
        {
            return "it returns a type the generated interceptor cannot name: " + returnReason;
        }

        return null;
    }

    /// <summary>Whether generated code elsewhere in the assembly can name <paramref name="type"/>.</summary>
    public static bool IsNameable(ITypeSymbol type, Compilation compilation) => WhyNotNameable(type, compilation) is null;

    /// <summary>Why generated code elsewhere in the assembly cannot name <paramref name="type"/>, or <see langword="null"/>.</summary>
    public static string? WhyNotNameable(ITypeSymbol type, Compilation compilation)
    {
        switch (type)
        {
            case ITypeParameterSymbol:
            case IDynamicTypeSymbol:
                return null;
            case IArrayTypeSymbol array:
                return WhyNotNameable(array.ElementType, compilation);
            case INamedTypeSymbol named:
                if (named.TypeKind == TypeKind.Error) return "'" + named.Name + "' is not defined";
                if (named.IsAnonymousType) return "it is anonymous";
                if (!SyntaxFacts.IsValidIdentifier(named.Name)) return "'" + named.Name + "' is not a C# identifier";

                // A file-local type is invisible outside its file, whatever its accessibility says.
                if (named.IsFileLocal) return "'" + named.Name + "' is file-local";

                // The outermost type at fault is the one to name: a public class nested in a private one is hidden by it.
                if (named.ContainingType is { } outer && WhyNotNameable(outer, compilation) is { } outerReason) return outerReason;
                if (!compilation.IsSymbolAccessibleWithin(named.OriginalDefinition, compilation.Assembly))
                {
                    return "'" + named.Name + "' is " + DescribeAccessibility(named.DeclaredAccessibility);
                }

                foreach (var argument in named.TypeArguments)
                {
                    if (WhyNotNameable(argument, compilation) is { } reason) return reason;
                }

                return null;
            default:
                // Pointers and function pointers need unsafe code; the generated code stays safe.
                return "'" + type.ToDisplayString(SymbolDisplayFormat.CSharpErrorMessageFormat) + "' is a pointer type, and generated code is not unsafe";
        }
    }

    private static bool HasUnscopedRef(ISymbol symbol)
    {
        foreach (var attribute in symbol.GetAttributes())
        {
            if (attribute.AttributeClass?.Name == "UnscopedRefAttribute") return true;
        }

        return false;
    }

    private static string DescribeAccessibility(Accessibility accessibility) => accessibility switch
    {
        Accessibility.Private => "private",
        Accessibility.Protected => "protected",
        Accessibility.ProtectedAndInternal => "private protected",
        Accessibility.ProtectedOrInternal => "protected internal",
        Accessibility.Internal => "internal to another assembly",
        _ => "not accessible here",
    };
}
