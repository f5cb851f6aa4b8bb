using System.Collections.Immutable;
using System.Text;
using Microsoft.CodeAnalysis;

namespace NumAgents.Instrumentation.Validation;

/// <summary>
/// <c>[Label]</c> parameters and node properties, their keys, and the rule that every label key of one
/// member is valid and distinct (from the built-in keys, from each other and from <c>ExtraLabels</c>).
/// </summary>
internal static partial class InstrumentationInput
{
    private const string LabelKeyRule = "a label name is ASCII letters, digits and '_', does not start with a digit, and does not start with '__' (reserved by Prometheus)";

    private static readonly string[] s_nodeBuiltInLabels = { "node", "outcome", "error_type" };
    private static readonly string[] s_methodBuiltInLabels = { "class", "method", "outcome", "error_type" };

    /// <summary>The label keys the generated code sets itself.</summary>
    public static ImmutableArray<string> BuiltInLabels(bool isNode)
        => ImmutableArray.Create(isNode ? s_nodeBuiltInLabels : s_methodBuiltInLabels);

    /// <summary>
    /// The <c>[Label]</c> parameters of a method, in order; a parameter whose value cannot be read at the
    /// call, or whose key is invalid, is a problem instead.
    /// </summary>
    public static System.Collections.Generic.List<KeyedMemberReading> ReadParameterLabels(IMethodSymbol method, System.Collections.Generic.List<InputProblem> problems)
    {
        var labels = new System.Collections.Generic.List<KeyedMemberReading>();
        foreach (var parameter in method.Parameters)
        {
            if (LabelAttributeOf(parameter) is not { } attribute) continue;
            var why = parameter.RefKind == RefKind.Out
                ? "is an out parameter, which has no value until the method returns"
                : parameter.Type.IsRefLikeType
                    ? "has the ref struct type '" + Display(parameter.Type) + "', which cannot be kept as a label value"
                    : null;
            if (why is not null)
            {
                problems.Add(new InputProblem(ProblemKind.InvalidLabel, attribute, why, labelMember: parameter));
                continue;
            }

            if (ReadLabel(parameter, attribute, problems) is { } label) labels.Add(label);
        }

        return labels;
    }

    /// <summary>
    /// The <c>[Label]</c> properties of a node class, its own and its base classes' (private ones of a base
    /// excepted: the base's own instrumentation reads those); one that cannot be read at each execution,
    /// or whose key is invalid, is a problem instead.
    /// </summary>
    public static System.Collections.Generic.List<KeyedMemberReading> ReadNodeLabels(INamedTypeSymbol type, Compilation compilation, System.Collections.Generic.List<InputProblem> problems)
    {
        var labels = new System.Collections.Generic.List<KeyedMemberReading>();
        var seen = new System.Collections.Generic.HashSet<string>(System.StringComparer.Ordinal);
        for (var current = type; current is not null; current = current.BaseType)
        {
            foreach (var member in current.GetMembers())
            {
                if (member is not IPropertySymbol property) continue;
                if (LabelAttributeOf(property) is not { } attribute) continue;
                if (!compilation.IsSymbolAccessibleWithin(property, type)) continue;
                if (!seen.Add(property.Name)) continue; // an override already read in a derived class

                var why = WhyNodePropertyUnreadable(property, type, compilation, "a label value");
                if (why is not null)
                {
                    problems.Add(new InputProblem(ProblemKind.InvalidLabel, attribute, why, labelMember: property));
                    continue;
                }

                if (ReadLabel(property, attribute, problems) is { } label) labels.Add(label);
            }
        }

        return labels;
    }

    /// <summary>
    /// Why the generated part of <paramref name="type"/> cannot read <paramref name="property"/> at each execution, or
    /// <see langword="null"/>: the one rule for <c>[Label]</c> and <c>[SpanAttribute]</c> properties of a node.
    /// </summary>
    /// <param name="property">The property, the node's own or a base class's.</param>
    /// <param name="type">The node class the generated code is part of.</param>
    /// <param name="compilation">The compilation, for accessibility.</param>
    /// <param name="kept">What the value would be kept as (<c>a label value</c>), for the ref struct case.</param>
    public static string? WhyNodePropertyUnreadable(IPropertySymbol property, INamedTypeSymbol type, Compilation compilation, string kept)
    {
        if (property.IsIndexer) return "is an indexer, which needs arguments to be read";
        if (property.GetMethod is null) return "has no getter";
        if (property.ReturnsByRef || property.ReturnsByRefReadonly) return "returns by reference";
        if (!compilation.IsSymbolAccessibleWithin(property.GetMethod, type)) return "has a getter that '" + type.Name + "' cannot call";
        if (property.Type.IsRefLikeType) return "has the ref struct type '" + Display(property.Type) + "', which cannot be kept as " + kept;
        if (property.Type is IPointerTypeSymbol or IFunctionPointerTypeSymbol) return "has the pointer type '" + Display(property.Type) + "', which generated code cannot read";
        if (IsObsoleteAsError(property) || IsObsoleteAsError(property.GetMethod)) return "is [Obsolete] as an error, which generated code outside obsolete code cannot read";
        return null;
    }

    /// <summary>Whether <paramref name="symbol"/> is <c>[Obsolete(..., error: true)]</c>: reading it is CS0619 outside obsolete code.</summary>
    public static bool IsObsoleteAsError(ISymbol? symbol)
    {
        foreach (var attribute in symbol?.GetAttributes() ?? ImmutableArray<AttributeData>.Empty)
        {
            if (attribute.AttributeClass?.ToDisplayString() != "System.ObsoleteAttribute") continue;
            if (attribute.ConstructorArguments.Length == 2 && attribute.ConstructorArguments[1].Value is true) return true;
        }

        return false;
    }

    /// <summary>A Prometheus label name (<c>[a-zA-Z_][a-zA-Z0-9_]*</c>) that Prometheus does not reserve (<c>__</c> prefix).</summary>
    public static bool IsValidLabelKey(string key)
    {
        if (key.Length == 0 || char.IsDigit(key[0]) || key.StartsWith("__", System.StringComparison.Ordinal)) return false;
        foreach (var c in key)
        {
            if (!(c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9' or '_')) return false;
        }

        return true;
    }

    /// <summary><c>toolName</c> to <c>tool_name</c>, <c>HTTPStatus</c> to <c>http_status</c>, <c>Model</c> to <c>model</c>.</summary>
    public static string ToSnakeCase(string name)
    {
        var builder = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c))
            {
                var previousIsLowerOrDigit = i > 0 && (char.IsLower(name[i - 1]) || char.IsDigit(name[i - 1]));
                var startsWord = i > 0 && char.IsUpper(name[i - 1]) && i + 1 < name.Length && char.IsLower(name[i + 1]);
                if ((previousIsLowerOrDigit || startsWord) && builder.Length > 0 && builder[builder.Length - 1] != '_') builder.Append('_');
                builder.Append(char.ToLowerInvariant(c));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    /// <summary>
    /// The key of a <c>[Label]</c> member: the attribute's name, else the member's name in snake_case.
    /// <see langword="null"/>, with a problem, when the attribute is malformed or the key is invalid.
    /// </summary>
    private static KeyedMemberReading? ReadLabel(ISymbol member, AttributeData attribute, System.Collections.Generic.List<InputProblem> problems)
    {
        if (attribute.ConstructorArguments.Length > 1)
        {
            problems.Add(new InputProblem(ProblemKind.CompilerError, attribute, "has arguments that do not bind", labelMember: member));
            return null;
        }

        string? key = null;
        if (attribute.ConstructorArguments.Length == 1)
        {
            var status = ReadName(attribute.ConstructorArguments[0], out key);
            if (status != NameStatus.Valid)
            {
                var kind = status == NameStatus.DoesNotBind ? ProblemKind.CompilerError : ProblemKind.InvalidLabel;
                problems.Add(new InputProblem(kind, attribute, DescribeBadName(status), NameArgument, labelMember: member));
                return null;
            }
        }

        if (key is null)
        {
            key = ToSnakeCase(member.Name);
            if (!IsValidLabelKey(key))
            {
                problems.Add(new InputProblem(ProblemKind.InvalidLabel, attribute, "has the default key '" + key + "' (its name in snake_case), which is not a valid label name: " + LabelKeyRule + "; give one with [Label(\"key\")]", labelMember: member));
                return null;
            }
        }
        else if (!IsValidLabelKey(key))
        {
            problems.Add(new InputProblem(ProblemKind.InvalidLabel, attribute, "has the key '" + key + "', which is not a valid label name: " + LabelKeyRule, NameArgument, labelMember: member));
            return null;
        }

        return new KeyedMemberReading(member, attribute, key);
    }

    /// <summary>
    /// Every instrument's label keys must be distinct from each other and from the built-in ones, or the
    /// runtime would reject the series; and <c>le</c> is a histogram's bucket label.
    /// </summary>
    private static void CheckLabelKeys(
        System.Collections.Generic.List<InstrumentReading> readings,
        System.Collections.Generic.IReadOnlyList<KeyedMemberReading> labels,
        bool isNode,
        System.Collections.Generic.List<InputProblem> problems)
    {
        var builtIn = isNode ? s_nodeBuiltInLabels : s_methodBuiltInLabels;
        var builtInText = " the generated code sets on " + (isNode ? "a node" : "a method") + " (" + string.Join(", ", builtIn) + ")";
        var hasTimer = false;
        foreach (var reading in readings)
        {
            hasTimer |= reading.Kind == InstrumentAttributeKind.Timed;
        }

        var dynamic = new System.Collections.Generic.Dictionary<string, KeyedMemberReading>(System.StringComparer.Ordinal);
        foreach (var label in labels)
        {
            if (System.Array.IndexOf(builtIn, label.Key) >= 0)
            {
                problems.Add(new InputProblem(ProblemKind.InvalidLabel, label.Attribute, "has the key '" + label.Key + "', one of the labels" + builtInText, labelMember: label.Member));
            }
            else if (dynamic.TryGetValue(label.Key, out var first))
            {
                problems.Add(new InputProblem(ProblemKind.InvalidLabel, label.Attribute, "has the key '" + label.Key + "', already the key of [Label] " + DescribeMember(first.Member), labelMember: label.Member));
            }
            else
            {
                dynamic.Add(label.Key, label);
            }

            if (label.Key == "le" && hasTimer)
            {
                problems.Add(new InputProblem(ProblemKind.InvalidLabel, label.Attribute, "has the key 'le', which [Timed]'s histogram uses for its bucket bounds", labelMember: label.Member));
            }
        }

        foreach (var reading in readings)
        {
            var seen = new System.Collections.Generic.HashSet<string>(System.StringComparer.Ordinal);
            foreach (var extra in reading.ExtraLabels)
            {
                string? why = null;
                if (System.Array.IndexOf(builtIn, extra.Key) >= 0) why = "has the ExtraLabels key '" + extra.Key + "', one of the labels" + builtInText;
                else if (dynamic.TryGetValue(extra.Key, out var label)) why = "has the ExtraLabels key '" + extra.Key + "', already the key of [Label] " + DescribeMember(label.Member);
                else if (!seen.Add(extra.Key)) why = "has the ExtraLabels key '" + extra.Key + "' twice";
                else if (extra.Key == "le" && reading.Kind == InstrumentAttributeKind.Timed) why = "has the ExtraLabels key 'le', which the histogram uses for its bucket bounds";
                if (why is not null) problems.Add(new InputProblem(ProblemKind.InvalidArgument, reading.Attribute, why, ExtraLabelsArgument, extra.Index));
            }
        }
    }

    /// <summary><c>parameter 'tool'</c>, <c>property 'Base.Model'</c>.</summary>
    public static string DescribeMember(ISymbol member) => member switch
    {
        IParameterSymbol parameter => "parameter '" + parameter.Name + "'",
        IPropertySymbol property => "property '" + property.ContainingType.Name + "." + property.Name + "'",
        _ => "'" + member.Name + "'",
    };
}
