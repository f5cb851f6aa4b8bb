using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace NumAgents.Instrumentation.Analyzers.Internal;

/// <summary>
/// Decides whether the text an expression produces comes from a bounded set (constants, enums, bools,
/// a switch over those) or an unbounded source (Guid, DateTime, DateTimeOffset, TimeSpan, numbers,
/// Random, interpolation or concatenation with non-constant parts).
/// </summary>
internal sealed class ValueClassifier
{
    private const int MaxLocalDepth = 4;

    private static readonly ValueShape BooleanShape = ValueShape.OneOf(new[] { bool.TrueString, bool.FalseString });

    private readonly InstrumentationSymbols _symbols;

    // An enum's member names are listed once per compilation, not at every ToString().
    private readonly ConcurrentDictionary<ITypeSymbol, ValueShape> _enumShapes = new(SymbolEqualityComparer.Default);

    public ValueClassifier(InstrumentationSymbols symbols) => _symbols = symbols;

    /// <summary>The shape of the text <paramref name="operation"/> produces (a string, or a value converted to one).</summary>
    public ValueShape Classify(IOperation operation) => ClassifyText(operation, 0);

    /// <summary>The shape of the text a value of <paramref name="type"/> produces when converted with <c>ToString()</c>.</summary>
    public ValueShape ClassifyType(ITypeSymbol type)
    {
        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable)
        {
            var inner = ClassifyType(nullable.TypeArguments[0]);
            return inner.IsBounded ? ValueShape.Union(inner, ValueShape.Constant(string.Empty)) : inner;
        }

        switch (type.SpecialType)
        {
            case SpecialType.System_Boolean:
                return BooleanShape;
            case SpecialType.System_SByte:
            case SpecialType.System_Byte:
            case SpecialType.System_Int16:
            case SpecialType.System_UInt16:
            case SpecialType.System_Int32:
            case SpecialType.System_UInt32:
            case SpecialType.System_Int64:
            case SpecialType.System_UInt64:
            case SpecialType.System_Single:
            case SpecialType.System_Double:
            case SpecialType.System_Decimal:
            case SpecialType.System_IntPtr:
            case SpecialType.System_UIntPtr:
                return ValueShape.Unbounded("a number converted to text");
            case SpecialType.System_DateTime:
                return ValueShape.Unbounded("a DateTime");
        }

        if (type.TypeKind == TypeKind.Enum)
        {
            return _enumShapes.GetOrAdd(type, static enumType => ValueShape.OneOf(enumType.GetMembers().OfType<IFieldSymbol>().Where(f => f.HasConstantValue).Select(f => f.Name)));
        }

        if (Is(type, _symbols.Guid)) return ValueShape.Unbounded("a Guid");
        if (Is(type, _symbols.DateTimeOffset)) return ValueShape.Unbounded("a DateTimeOffset");
        if (Is(type, _symbols.TimeSpan)) return ValueShape.Unbounded("a TimeSpan");
        if (Is(type, _symbols.DateOnly)) return ValueShape.Unbounded("a DateOnly");
        if (Is(type, _symbols.TimeOnly)) return ValueShape.Unbounded("a TimeOnly");
        if (Is(type, _symbols.BigInteger) || Is(type, _symbols.Int128) || Is(type, _symbols.UInt128) || Is(type, _symbols.Half))
        {
            return ValueShape.Unbounded("a number converted to text");
        }

        return ValueShape.Unknown;
    }

    private ValueShape ClassifyText(IOperation operation, int depth)
    {
        if (operation.ConstantValue.HasValue)
        {
            return ValueShape.Constant(operation.ConstantValue.Value switch
            {
                null => string.Empty,
                string text => text,
                IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
                var other => other.ToString() ?? string.Empty,
            });
        }

        switch (operation)
        {
            case IConversionOperation conversion when conversion.OperatorMethod is null:
                return ClassifyText(conversion.Operand, depth);
            case IInterpolatedStringOperation interpolated:
                return ClassifyInterpolation(interpolated, depth);
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Add } binary when binary.Type?.SpecialType == SpecialType.System_String:
                return Concatenation(new[] { binary.LeftOperand, binary.RightOperand }, depth, "a concatenation");
            case IConditionalOperation { WhenFalse: not null } conditional:
                return ValueShape.Union(ClassifyText(conditional.WhenTrue, depth), ClassifyText(conditional.WhenFalse, depth));
            case ICoalesceOperation coalesce:
                return ValueShape.Union(ClassifyText(coalesce.Value, depth), ClassifyText(coalesce.WhenNull, depth));
            case ISwitchExpressionOperation switchExpression:
                return ClassifySwitch(switchExpression, depth);
            case IInvocationOperation invocation:
                return ClassifyInvocation(invocation, depth);
            case ILocalReferenceOperation local when depth < MaxLocalDepth:
                var value = LocalValues.SingleValue(local.Local, LocalValues.Root(local));
                return value is null ? TypeFallback(operation) : ClassifyText(value, depth + 1);
        }

        return TypeFallback(operation);
    }

    // A value the analyzer cannot follow still has a type: a DateTime local is unbounded whatever it holds.
    private ValueShape TypeFallback(IOperation operation)
        => operation.Type is { SpecialType: not SpecialType.System_String and not SpecialType.System_Object } type ? ClassifyType(type) : ValueShape.Unknown;

    private ValueShape ClassifyInvocation(IInvocationOperation invocation, int depth)
    {
        var method = invocation.TargetMethod;
        if (_symbols.Random is not null && SymbolEqualityComparer.Default.Equals(method.ContainingType, _symbols.Random))
        {
            return ValueShape.Unbounded("a Random value");
        }

        if (method.Name == "ToString" && !method.IsStatic && invocation.Instance is { } receiver)
        {
            return receiver.Type?.SpecialType == SpecialType.System_String ? ClassifyText(receiver, depth) : ClassifyReceiver(receiver, depth);
        }

        if (method.IsStatic && method.Name == "ToString" && invocation.Arguments.Length > 0 && Is(method.ContainingType, _symbols.Convert))
        {
            return ClassifyReceiver(invocation.Arguments[0].Value, depth);
        }

        if (method.ContainingType?.SpecialType == SpecialType.System_String)
        {
            switch (method.Name)
            {
                case "ToLower":
                case "ToUpper":
                case "ToLowerInvariant":
                case "ToUpperInvariant":
                case "Trim":
                case "TrimStart":
                case "TrimEnd":
                    return invocation.Instance is { } instance ? ClassifyText(instance, depth) : ValueShape.Unknown;
                case "Concat" when method.IsStatic:
                    return Concatenation(invocation.Arguments.Select(a => a.Value), depth, "a concatenation");
                case "Format" when method.IsStatic:
                    return Concatenation(invocation.Arguments.Select(a => a.Value), depth, "a formatted string");
            }
        }

        return TypeFallback(invocation);
    }

    // A receiver converted to text: Random and the value types decide; a string receiver is followed.
    private ValueShape ClassifyReceiver(IOperation receiver, int depth)
    {
        while (receiver is IConversionOperation { OperatorMethod: null } conversion)
        {
            receiver = conversion.Operand;
        }

        if (receiver.ConstantValue.HasValue) return ClassifyText(receiver, depth);
        if (receiver is IInvocationOperation invocation && _symbols.Random is not null
            && SymbolEqualityComparer.Default.Equals(invocation.TargetMethod.ContainingType, _symbols.Random))
        {
            return ValueShape.Unbounded("a Random value");
        }

        if (receiver.Type is { } type)
        {
            if (type.SpecialType == SpecialType.System_String) return ClassifyText(receiver, depth);
            if (receiver is ISwitchExpressionOperation or IConditionalOperation or ILocalReferenceOperation)
            {
                var followed = ClassifyText(receiver, depth);
                if (followed.Kind != ValueShapeKind.Unknown) return followed;
            }

            return ClassifyType(type);
        }

        return ValueShape.Unknown;
    }

    private ValueShape ClassifyInterpolation(IInterpolatedStringOperation interpolated, int depth)
    {
        var parts = new List<IOperation>();
        foreach (var part in interpolated.Parts)
        {
            switch (part)
            {
                case IInterpolatedStringTextOperation text:
                    parts.Add(text.Text);
                    break;
                case IInterpolationOperation interpolation:
                    // An alignment or format string changes the text, not whether its source is bounded.
                    parts.Add(interpolation.Expression);
                    break;
                default:
                    return ValueShape.Unbounded("an interpolated string with non-constant parts");
            }
        }

        return Concatenation(parts, depth, "an interpolated string");
    }

    private ValueShape Concatenation(IEnumerable<IOperation> parts, int depth, string what)
    {
        var result = ValueShape.Constant(string.Empty);
        foreach (var part in parts)
        {
            var shape = part.Type?.SpecialType == SpecialType.System_String || part.ConstantValue.HasValue
                ? ClassifyText(part, depth)
                : ClassifyReceiver(part, depth);
            if (shape.IsUnbounded) return ValueShape.Unbounded(what + " containing " + shape.Source);
            if (!shape.IsBounded) return ValueShape.Unbounded(what + " with non-constant parts");
            result = ValueShape.Concatenate(result, shape);
        }

        return result;
    }

    private ValueShape ClassifySwitch(ISwitchExpressionOperation switchExpression, int depth)
    {
        ValueShape? result = null;
        foreach (var arm in switchExpression.Arms)
        {
            var shape = ClassifyText(arm.Value, depth);
            result = result is { } previous ? ValueShape.Union(previous, shape) : shape;
        }

        return result ?? ValueShape.Unknown;
    }

    private static bool Is(ITypeSymbol? type, INamedTypeSymbol? expected)
        => expected is not null && SymbolEqualityComparer.Default.Equals(type?.OriginalDefinition, expected);
}
