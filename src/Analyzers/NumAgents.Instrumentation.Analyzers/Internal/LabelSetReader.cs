using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace NumAgents.Instrumentation.Analyzers.Internal;

/// <summary>
/// Reads the label pairs written for a <c>Labels</c> argument: a collection expression of tuples, a
/// <c>Dictionary&lt;string, string&gt;</c> with an initializer, <c>Labels.From</c>/<c>Create</c>/<c>With</c>,
/// or a local holding one of those.
/// </summary>
internal static class LabelSetReader
{
    private const int MaxDepth = 4;

    /// <summary>The pairs of <paramref name="labels"/>; <paramref name="complete"/> is false when some pairs could not be seen.</summary>
    public static ImmutableArray<LabelPair> Read(IOperation? labels, INamedTypeSymbol? labelsType, out bool complete)
    {
        var pairs = ImmutableArray.CreateBuilder<LabelPair>();
        complete = labels is null || Read(labels, labelsType, pairs, 0);
        return pairs.ToImmutable();
    }

    private static bool Read(IOperation operation, INamedTypeSymbol? labelsType, ImmutableArray<LabelPair>.Builder pairs, int depth)
    {
        if (depth > MaxDepth) return false;
        switch (operation)
        {
            case IDefaultValueOperation:
                return true;
            case ILiteralOperation { ConstantValue: { HasValue: true, Value: null } }:
                return true;
            case IConversionOperation conversion:
                return Read(conversion.Operand, labelsType, pairs, depth);
            case ICollectionExpressionOperation collection:
                var complete = true;
                foreach (var element in collection.Elements)
                {
                    complete &= ReadTuple(element, pairs);
                }

                return complete;
            case IObjectCreationOperation creation:
                return creation.Initializer is { } initializer ? ReadInitializer(initializer, pairs) : creation.Arguments.Length == 0;
            case IInvocationOperation invocation:
                return ReadInvocation(invocation, labelsType, pairs, depth);
            case ILocalReferenceOperation local:
                var value = LocalValues.SingleValue(local.Local, LocalValues.Root(local));
                return value is not null && Read(value, labelsType, pairs, depth + 1);
            default:
                return false;
        }
    }

    private static bool ReadInvocation(IInvocationOperation invocation, INamedTypeSymbol? labelsType, ImmutableArray<LabelPair>.Builder pairs, int depth)
    {
        var method = invocation.TargetMethod;
        if (labelsType is null || !SymbolEqualityComparer.Default.Equals(method.ContainingType, labelsType)) return false;

        switch (method.Name)
        {
            case "With" when invocation.Instance is { } instance && invocation.Arguments.Length == 2:
                var complete = Read(instance, labelsType, pairs, depth + 1);
                pairs.Add(new LabelPair(Argument(invocation, 0), Argument(invocation, 1)));
                return complete;
            case "From":
            case "FromDictionary":
            case "Create":
                return invocation.Arguments.Length == 1 && Read(invocation.Arguments[0].Value, labelsType, pairs, depth + 1);
            default:
                return false;
        }
    }

    private static IOperation Argument(IInvocationOperation invocation, int ordinal)
    {
        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter?.Ordinal == ordinal) return argument.Value;
        }

        return invocation.Arguments[ordinal].Value;
    }

    private static bool ReadTuple(IOperation element, ImmutableArray<LabelPair>.Builder pairs)
    {
        while (element is IConversionOperation conversion)
        {
            element = conversion.Operand;
        }

        if (element is ITupleOperation { Elements.Length: 2 } tuple)
        {
            pairs.Add(new LabelPair(tuple.Elements[0], tuple.Elements[1]));
            return true;
        }

        return false;
    }

    private static bool ReadInitializer(IObjectOrCollectionInitializerOperation initializer, ImmutableArray<LabelPair>.Builder pairs)
    {
        var complete = true;
        foreach (var item in initializer.Initializers)
        {
            switch (item)
            {
                // { "key", value }
                case IInvocationOperation { TargetMethod.Name: "Add", Arguments.Length: 2 } add:
                    pairs.Add(new LabelPair(add.Arguments[0].Value, add.Arguments[1].Value));
                    break;

                // ["key"] = value
                case ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Arguments.Length: 1 } indexer } assignment:
                    pairs.Add(new LabelPair(indexer.Arguments[0].Value, assignment.Value));
                    break;
                default:
                    complete = false;
                    break;
            }
        }

        return complete;
    }
}
