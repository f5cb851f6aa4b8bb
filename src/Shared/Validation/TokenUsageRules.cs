using Microsoft.CodeAnalysis;

namespace NumAgents.Instrumentation.Validation;

/// <summary>
/// Which results carry token usage the generated code of an <c>[LlmCall]</c> method can read, with no reflection: the
/// generator reads it and NAI0020 warns where it cannot, from this one file. The result is the return value, or what
/// the returned <c>Task&lt;T&gt;</c>/<c>ValueTask&lt;T&gt;</c> completes with. Microsoft.Extensions.AI types are matched by
/// metadata name: the runtime does not reference that library, the user's compilation does.
/// </summary>
internal static class TokenUsageRules
{
    /// <summary>The result types that carry usage, in words, for diagnostics and documentation.</summary>
    public const string Readable = "Microsoft.Extensions.AI's ChatResponse (or a type derived from it) or UsageDetails, TokenUsage, TokenUsage?, or a type implementing ITokenUsageReport, returned or as the result of a Task<T> or ValueTask<T>";

    private const string AINamespace = "Microsoft.Extensions.AI";

    /// <summary>Where the result of <paramref name="method"/> carries usage, if anywhere.</summary>
    public static UsageReading Read(IMethodSymbol method)
    {
        if (method.ReturnsVoid || method.ReturnType is not { } returned) return new UsageReading(UsageSource.None, null, streams: false);
        var result = returned;
        if (returned is INamedTypeSymbol { IsGenericType: true } named)
        {
            switch (named.OriginalDefinition.ToDisplayString())
            {
                case "System.Threading.Tasks.Task<TResult>":
                case "System.Threading.Tasks.ValueTask<TResult>":
                    result = named.TypeArguments[0];
                    break;
                case "System.Collections.Generic.IAsyncEnumerable<T>":
                    return new UsageReading(UsageSource.None, named.TypeArguments[0], streams: true);
            }
        }
        else if (returned is INamedTypeSymbol { Arity: 0 } plain && plain.ToDisplayString() is "System.Threading.Tasks.Task" or "System.Threading.Tasks.ValueTask")
        {
            return new UsageReading(UsageSource.None, null, streams: false);
        }

        return Classify(result);
    }

    /// <summary>What a value of <paramref name="type"/> says about usage. An explicit report wins over what a ChatResponse says.</summary>
    public static UsageReading Classify(ITypeSymbol type)
    {
        // A ref struct cannot be passed to the generated reader, whatever it implements.
        if (type.IsRefLikeType) return new UsageReading(UsageSource.None, type, streams: false);
        if (IsOurs(type, "TokenUsage")) return new UsageReading(UsageSource.TokenUsage, type, streams: false);
        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable)
        {
            var underlying = nullable.TypeArguments[0];
            if (IsOurs(underlying, "TokenUsage")) return new UsageReading(UsageSource.NullableTokenUsage, type, streams: false);
            if (ImplementsReport(underlying)) return new UsageReading(UsageSource.NullableReport, type, streams: false);
            return new UsageReading(UsageSource.None, type, streams: false);
        }

        if (ImplementsReport(type)) return new UsageReading(UsageSource.Report, type, streams: false);

        if (FindBase(type, "ChatResponse") is { } response
            && FindProperty(response, "Usage") is { Type: { } usageType }
            && FindBase(usageType.WithNullableAnnotation(NullableAnnotation.NotAnnotated), "UsageDetails") is { } details)
        {
            var counts = Counts(details);
            if (counts.Input || counts.Output)
            {
                var hasModelId = FindProperty(response, "ModelId") is { Type.SpecialType: SpecialType.System_String };
                return new UsageReading(UsageSource.ChatResponse, type, false, counts.Input, counts.Output, counts.Cached, counts.Reasoning, hasModelId);
            }
        }

        if (FindBase(type, "UsageDetails") is { } usage)
        {
            var counts = Counts(usage);
            if (counts.Input || counts.Output) return new UsageReading(UsageSource.UsageDetails, type, false, counts.Input, counts.Output, counts.Cached, counts.Reasoning);
        }

        return new UsageReading(UsageSource.None, type, streams: false);
    }

    private static (bool Input, bool Output, bool Cached, bool Reasoning) Counts(INamedTypeSymbol details)
        => (IsCount(FindProperty(details, "InputTokenCount")), IsCount(FindProperty(details, "OutputTokenCount")), IsCount(FindProperty(details, "CachedInputTokenCount")), IsCount(FindProperty(details, "ReasoningTokenCount")));

    /// <summary>A count the runtime's <c>long?</c> parameter takes as it is: <c>long?</c>, <c>long</c>, <c>int?</c> or <c>int</c>.</summary>
    private static bool IsCount(IPropertySymbol? property)
    {
        if (property is null) return false;
        var type = property.Type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable ? nullable.TypeArguments[0] : property.Type;
        return type.SpecialType is SpecialType.System_Int64 or SpecialType.System_Int32;
    }

    /// <summary>A public instance property with a public getter, on the type or a base of it.</summary>
    private static IPropertySymbol? FindProperty(INamedTypeSymbol type, string name)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            foreach (var member in current.GetMembers(name))
            {
                if (member is IPropertySymbol { IsStatic: false, IsIndexer: false, DeclaredAccessibility: Accessibility.Public, GetMethod.DeclaredAccessibility: Accessibility.Public } property) return property;
            }
        }

        return null;
    }

    /// <summary>The Microsoft.Extensions.AI class named <paramref name="name"/> that <paramref name="type"/> is or derives from (through its constraints for a type parameter).</summary>
    private static INamedTypeSymbol? FindBase(ITypeSymbol type, string name)
    {
        if (type is ITypeParameterSymbol parameter)
        {
            foreach (var constraint in parameter.ConstraintTypes)
            {
                if (FindBase(constraint, name) is { } found) return found;
            }

            return null;
        }

        for (var current = type as INamedTypeSymbol; current is not null; current = current.BaseType)
        {
            if (current is { Name: var n, Arity: 0, TypeKind: TypeKind.Class } && n == name && IsNamespace(current.ContainingNamespace, AINamespace)) return current;
        }

        return null;
    }

    private static bool ImplementsReport(ITypeSymbol type)
    {
        if (IsOurs(type, "ITokenUsageReport")) return true;
        if (type is ITypeParameterSymbol parameter)
        {
            foreach (var constraint in parameter.ConstraintTypes)
            {
                if (ImplementsReport(constraint)) return true;
            }

            return false;
        }

        foreach (var implemented in type.AllInterfaces)
        {
            if (IsOurs(implemented, "ITokenUsageReport")) return true;
        }

        return false;
    }

    private static bool IsOurs(ITypeSymbol type, string name)
        => type is INamedTypeSymbol { Arity: 0 } named && named.Name == name && named.ContainingType is null && IsNamespace(named.ContainingNamespace, "NumAgents.Instrumentation");

    private static bool IsNamespace(INamespaceSymbol? ns, string dotted)
    {
        var parts = dotted.Split('.');
        for (var i = parts.Length - 1; i >= 0; i--)
        {
            if (ns is null || ns.IsGlobalNamespace || ns.Name != parts[i]) return false;
            ns = ns.ContainingNamespace;
        }

        return ns is { IsGlobalNamespace: true };
    }
}
