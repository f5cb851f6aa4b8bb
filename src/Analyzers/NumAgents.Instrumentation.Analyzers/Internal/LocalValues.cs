using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace NumAgents.Instrumentation.Analyzers.Internal;

/// <summary>Follows a local to the one value it is ever given, so <c>var id = Guid.NewGuid().ToString();</c> is seen through.</summary>
internal static class LocalValues
{
    /// <summary>The body (or top-level code) that contains <paramref name="operation"/>.</summary>
    public static IOperation Root(IOperation operation)
    {
        var current = operation;
        while (current.Parent is not null)
        {
            current = current.Parent;
        }

        return current;
    }

    /// <summary>
    /// The initializer of <paramref name="local"/> when that is the only value it is ever assigned in
    /// <paramref name="root"/>; <see langword="null"/> when it is assigned again, passed by reference or
    /// declared without an initializer (a foreach variable, a pattern).
    /// </summary>
    public static IOperation? SingleValue(ILocalSymbol local, IOperation root)
    {
        if (local.IsRef || local.IsFixed) return null;

        IOperation? initializer = null;
        foreach (var operation in root.Descendants())
        {
            switch (operation)
            {
                case IVariableDeclaratorOperation declarator when SymbolEqualityComparer.Default.Equals(declarator.Symbol, local):
                    var value = declarator.GetVariableInitializer()?.Value;
                    if (value is null) return null;
                    initializer = value;
                    break;
                case ILocalReferenceOperation reference when SymbolEqualityComparer.Default.Equals(reference.Local, local) && IsWrite(reference):
                    return null;
            }
        }

        return initializer;
    }

    /// <summary>Whether <paramref name="reference"/> writes the local (assignment, <c>ref</c>/<c>out</c>, increment, deconstruction).</summary>
    public static bool IsWrite(ILocalReferenceOperation reference)
    {
        if (reference.IsDeclaration) return true;
        var parent = reference.Parent;
        switch (parent)
        {
            case IAssignmentOperation assignment when assignment.Target == reference:
            case IIncrementOrDecrementOperation:
            case IArgumentOperation { Parameter.RefKind: RefKind.Ref or RefKind.Out }:
                return true;
            case ITupleOperation:
                // (a, b) = ... deconstructs into the local.
                for (var ancestor = parent.Parent; ancestor is not null; ancestor = ancestor.Parent)
                {
                    if (ancestor is IDeconstructionAssignmentOperation deconstruction) return IsInside(reference, deconstruction.Target);
                    if (ancestor is not ITupleOperation and not IConversionOperation) return false;
                }

                return false;
            default:
                return false;
        }
    }

    private static bool IsInside(IOperation operation, IOperation container)
    {
        for (var current = operation; current is not null; current = current.Parent)
        {
            if (current == container) return true;
        }

        return false;
    }
}
