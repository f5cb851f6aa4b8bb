using Microsoft.CodeAnalysis;

namespace NumAgents.Instrumentation.Validation;

/// <summary>
/// The arguments of the instrumentation attributes and of <c>[Label]</c>: a name, <c>ExtraLabels</c>
/// entries and <c>[Timed]</c> bucket bounds, each read and checked, with a problem for what is wrong.
/// </summary>
internal static partial class InstrumentationInput
{
    private enum NameStatus
    {
        Valid,
        DoesNotBind,
        Empty,
        Whitespace,
    }

    /// <summary>A name argument: a string with something in it, or <see langword="null"/> for the default.</summary>
    private static NameStatus ReadName(TypedConstant argument, out string? name)
    {
        name = null;
        if (argument.IsNull) return NameStatus.Valid;
        if (argument.Kind != TypedConstantKind.Primitive || argument.Value is not string text) return NameStatus.DoesNotBind;
        if (text.Length == 0) return NameStatus.Empty;
        if (text.Trim().Length == 0) return NameStatus.Whitespace;
        name = text;
        return NameStatus.Valid;
    }

    private static string DescribeBadName(NameStatus status) => status switch
    {
        NameStatus.Empty => "has an empty name; omit the argument for the default",
        NameStatus.Whitespace => "has a name made only of whitespace; omit the argument for the default",
        _ => "has a name that is not a string",
    };

    private static bool TryReadBool(TypedConstant argument, out bool value)
    {
        value = argument.Value is true;
        return argument.Kind == TypedConstantKind.Primitive && argument.Value is bool;
    }

    private static double[] ReadBuckets(AttributeData attribute, TypedConstant argument, System.Collections.Generic.List<InputProblem> problems)
    {
        if (argument.IsNull) return System.Array.Empty<double>();
        if (argument.Kind != TypedConstantKind.Array)
        {
            problems.Add(new InputProblem(ProblemKind.CompilerError, attribute, "has Buckets that are not an array", BucketsArgument));
            return System.Array.Empty<double>();
        }

        var values = new double[argument.Values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            if (argument.Values[i].Value is not double value)
            {
                problems.Add(new InputProblem(ProblemKind.CompilerError, attribute, "has a bucket bound that is not a double", BucketsArgument, i));
                return System.Array.Empty<double>();
            }

            values[i] = value;
            if (double.IsNaN(value) || double.IsInfinity(value))
            {
                problems.Add(new InputProblem(ProblemKind.InvalidArgument, attribute, "has the bucket bound " + Format(value) + " at index " + Format(i) + "; bounds must be finite", BucketsArgument, i));
            }
            else if (i > 0 && !(value > values[i - 1]) && !double.IsNaN(values[i - 1]) && !double.IsInfinity(values[i - 1]))
            {
                problems.Add(new InputProblem(ProblemKind.InvalidArgument, attribute, "has the bucket bound " + Format(value) + " at index " + Format(i) + " after " + Format(values[i - 1]) + "; bounds must be strictly increasing", BucketsArgument, i));
            }
        }

        return values;
    }

    private static ExtraLabel[] ReadExtraLabels(AttributeData attribute, TypedConstant argument, System.Collections.Generic.List<InputProblem> problems)
    {
        if (argument.IsNull) return System.Array.Empty<ExtraLabel>();
        if (argument.Kind != TypedConstantKind.Array)
        {
            problems.Add(new InputProblem(ProblemKind.CompilerError, attribute, "has ExtraLabels that are not an array", ExtraLabelsArgument));
            return System.Array.Empty<ExtraLabel>();
        }

        var labels = new System.Collections.Generic.List<ExtraLabel>(argument.Values.Length);
        for (var i = 0; i < argument.Values.Length; i++)
        {
            string? why = null;
            if (argument.Values[i].Value is not string entry)
            {
                why = "has a null ExtraLabels entry at index " + Format(i) + "; each entry is a \"key=value\" string";
            }
            else
            {
                var separator = entry.IndexOf('=');
                if (separator < 0)
                {
                    why = "has the ExtraLabels entry \"" + entry + "\" without '='; each entry is a \"key=value\" string";
                }
                else if (separator == 0)
                {
                    why = "has the ExtraLabels entry \"" + entry + "\" with an empty key; each entry is a \"key=value\" string";
                }
                else
                {
                    var key = entry.Substring(0, separator);
                    if (IsValidLabelKey(key)) labels.Add(new ExtraLabel(key, entry.Substring(separator + 1), i));
                    else why = "has the ExtraLabels key '" + key + "', which is not a valid label name: " + LabelKeyRule;
                }
            }

            if (why is not null) problems.Add(new InputProblem(ProblemKind.InvalidArgument, attribute, why, ExtraLabelsArgument, i));
        }

        return labels.ToArray();
    }

    /// <summary>
    /// A counter's unit: what the runtime accepts (<c>MetricsCollector</c> rejects a unit that is empty, whitespace
    /// or has control characters), or <see langword="null"/> with a problem.
    /// </summary>
    private static string? ReadUnit(AttributeData attribute, TypedConstant argument, System.Collections.Generic.List<InputProblem> problems)
    {
        if (argument.IsNull) return null;
        if (argument.Kind != TypedConstantKind.Primitive || argument.Value is not string unit)
        {
            problems.Add(new InputProblem(ProblemKind.CompilerError, attribute, "has a Unit that is not a string", UnitArgument));
            return null;
        }

        string? why = null;
        if (unit.Length == 0) why = "has an empty Unit; leave it unset for no unit";
        else if (unit.Trim().Length == 0) why = "has a Unit made only of whitespace; leave it unset for no unit";
        else if (System.Linq.Enumerable.Any(unit, char.IsControl)) why = "has a Unit with a control character, which the runtime rejects";
        if (why is null) return unit;
        problems.Add(new InputProblem(ProblemKind.InvalidArgument, attribute, why, UnitArgument));
        return null;
    }

    private static string Format(double value) => value.ToString("R", System.Globalization.CultureInfo.InvariantCulture);

    private static string Format(int value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>How a diagnostic names a type.</summary>
    public static string Display(ITypeSymbol type) => type.ToDisplayString(SymbolDisplayFormat.CSharpErrorMessageFormat);
}
