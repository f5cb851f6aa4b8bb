using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace NumAgents.Instrumentation.Analyzers.Internal;

/// <summary>Finds the span a piece of code runs inside: a <c>using</c> statement or declaration of a <c>Span</c> local.</summary>
internal static class SpanScopes
{
    /// <summary>The nearest <c>Span</c> local whose <c>using</c> scope contains <paramref name="operation"/>, if any.</summary>
    public static ILocalSymbol? FindEnclosingSpan(IOperation operation, INamedTypeSymbol span)
    {
        var child = operation;
        for (var parent = operation.Parent; parent is not null; child = parent, parent = parent.Parent)
        {
            switch (parent)
            {
                case IAnonymousFunctionOperation:
                case ILocalFunctionOperation:
                    // The delegate may run after the span has ended.
                    return null;
                case IUsingOperation { Resources: IVariableDeclarationGroupOperation resources } usingStatement when usingStatement.Body == child:
                    if (FindSpanLocal(resources, span) is { } resource) return resource;
                    break;
                case IBlockOperation block:
                    var index = block.Operations.IndexOf(child);
                    for (var i = index - 1; i >= 0; i--)
                    {
                        if (block.Operations[i] is IUsingDeclarationOperation declaration && FindSpanLocal(declaration.DeclarationGroup, span) is { } declared)
                        {
                            return declared;
                        }
                    }

                    break;
            }
        }

        return null;
    }

    private static ILocalSymbol? FindSpanLocal(IVariableDeclarationGroupOperation group, INamedTypeSymbol span)
    {
        foreach (var declaration in group.Declarations)
        {
            foreach (var declarator in declaration.Declarators)
            {
                if (SymbolEqualityComparer.Default.Equals(declarator.Symbol.Type, span)) return declarator.Symbol;
            }
        }

        return null;
    }
}
