using System.Collections.Immutable;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace NumAgents.Instrumentation.Validation;

/// <summary>
/// Reads <c>[Traced]</c>, <c>[Timed]</c>, <c>[Counted]</c> and <c>[Label]</c> the one way both the generator
/// and the analyzers do: the generator builds its model from the readings and gives a member no code when
/// any <see cref="InputProblem"/> is found; the analyzers report those problems. Compiled into both
/// assemblies from this one file so the two can never disagree.
/// </summary>
/// <remarks>
/// Shared by projects with and without implicit usings, so types of <c>System</c> namespaces are written
/// in full here rather than imported.
/// </remarks>
internal static class InstrumentationInput
{
    /// <summary>The <see cref="InputProblem.Argument"/> of the constructor argument that names the span, metric or label.</summary>
    public const string NameArgument = "name";

    public const string ExtraLabelsArgument = "ExtraLabels";

    public const string BucketsArgument = "Buckets";

    private const string LabelKeyRule = "a label name is ASCII letters, digits and '_', does not start with a digit, and does not start with '__' (reserved by Prometheus)";

    private static readonly string[] s_nodeBuiltInLabels = { "node", "outcome", "error_type" };
    private static readonly string[] s_methodBuiltInLabels = { "class", "method", "outcome", "error_type" };

    /// <summary>Which of our attributes <paramref name="attribute"/> is, if any.</summary>
    public static InstrumentAttributeKind? KindOf(AttributeData attribute)
    {
        var type = attribute.AttributeClass;
        if (type is null || type.TypeKind == TypeKind.Error || !IsInstrumentationNamespace(type.ContainingNamespace)) return null;
        return type.Name switch
        {
            "TracedAttribute" => InstrumentAttributeKind.Traced,
            "TimedAttribute" => InstrumentAttributeKind.Timed,
            "CountedAttribute" => InstrumentAttributeKind.Counted,
            _ => null,
        };
    }

    public static bool IsLabelAttribute(AttributeData attribute)
    {
        var type = attribute.AttributeClass;
        return type is { Name: "LabelAttribute" } && type.TypeKind != TypeKind.Error && IsInstrumentationNamespace(type.ContainingNamespace);
    }

    public static bool HasInstrumentAttribute(ISymbol symbol)
    {
        foreach (var attribute in symbol.GetAttributes())
        {
            if (KindOf(attribute) is not null) return true;
        }

        return false;
    }

    /// <summary>The <c>[Label]</c> of <paramref name="symbol"/>, if it has one.</summary>
    public static AttributeData? LabelAttributeOf(ISymbol symbol)
    {
        foreach (var attribute in symbol.GetAttributes())
        {
            if (IsLabelAttribute(attribute)) return attribute;
        }

        return null;
    }

    /// <summary>The label keys the generated code sets itself.</summary>
    public static ImmutableArray<string> BuiltInLabels(bool isNode)
        => ImmutableArray.Create(isNode ? s_nodeBuiltInLabels : s_methodBuiltInLabels);

    /// <summary>
    /// Reads the instrumentation attributes of a node class or method, and checks their label keys
    /// against the built-in ones and <paramref name="labels"/>. Empty when none is present.
    /// </summary>
    /// <param name="attributes">The class's or method's attributes.</param>
    /// <param name="labels">Its readable <c>[Label]</c> members.</param>
    /// <param name="isNode">Whether the built-in labels are a node's or a method's.</param>
    /// <param name="problems">Receives what is wrong.</param>
    public static System.Collections.Generic.List<InstrumentReading> ReadInstruments(
        ImmutableArray<AttributeData> attributes,
        System.Collections.Generic.IReadOnlyList<LabelReading> labels,
        bool isNode,
        System.Collections.Generic.List<InputProblem> problems)
    {
        var readings = new System.Collections.Generic.List<InstrumentReading>();
        var seen = new bool[3];
        foreach (var attribute in attributes)
        {
            if (KindOf(attribute) is not { } kind) continue;
            if (seen[(int)kind])
            {
                // CS0579 (the attributes do not allow multiple).
                problems.Add(new InputProblem(ProblemKind.CompilerError, attribute, "is given twice"));
                continue;
            }

            seen[(int)kind] = true;
            if (ReadInstrument(attribute, kind, problems) is { } reading) readings.Add(reading);
        }

        if (readings.Count > 0) CheckLabelKeys(readings, labels, isNode, problems);
        return readings;
    }

    /// <summary>
    /// The <c>[Label]</c> parameters of a method, in order; a parameter whose value cannot be read at the
    /// call, or whose key is invalid, is a problem instead.
    /// </summary>
    public static System.Collections.Generic.List<LabelReading> ReadParameterLabels(IMethodSymbol method, System.Collections.Generic.List<InputProblem> problems)
    {
        var labels = new System.Collections.Generic.List<LabelReading>();
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
    public static System.Collections.Generic.List<LabelReading> ReadNodeLabels(INamedTypeSymbol type, Compilation compilation, System.Collections.Generic.List<InputProblem> problems)
    {
        var labels = new System.Collections.Generic.List<LabelReading>();
        var seen = new System.Collections.Generic.HashSet<string>(System.StringComparer.Ordinal);
        for (var current = type; current is not null; current = current.BaseType)
        {
            foreach (var member in current.GetMembers())
            {
                if (member is not IPropertySymbol property) continue;
                if (LabelAttributeOf(property) is not { } attribute) continue;
                if (!compilation.IsSymbolAccessibleWithin(property, type)) continue;
                if (!seen.Add(property.Name)) continue; // an override already read in a derived class

                string? why = null;
                if (property.IsIndexer) why = "is an indexer, which needs arguments to be read";
                else if (property.GetMethod is null) why = "has no getter";
                else if (property.ReturnsByRef || property.ReturnsByRefReadonly) why = "returns by reference";
                else if (!compilation.IsSymbolAccessibleWithin(property.GetMethod, type)) why = "has a getter that '" + type.Name + "' cannot call";
                else if (property.Type.IsRefLikeType) why = "has the ref struct type '" + Display(property.Type) + "', which cannot be kept as a label value";
                else if (property.Type is IPointerTypeSymbol or IFunctionPointerTypeSymbol) why = "has the pointer type '" + Display(property.Type) + "', which generated code cannot read";
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

    /// <summary>How a diagnostic names a type.</summary>
    public static string Display(ITypeSymbol type) => type.ToDisplayString(SymbolDisplayFormat.CSharpErrorMessageFormat);

    /// <summary>
    /// The key of a <c>[Label]</c> member: the attribute's name, else the member's name in snake_case.
    /// <see langword="null"/>, with a problem, when the attribute is malformed or the key is invalid.
    /// </summary>
    private static LabelReading? ReadLabel(ISymbol member, AttributeData attribute, System.Collections.Generic.List<InputProblem> problems)
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

        return new LabelReading(member, attribute, key);
    }

    private static InstrumentReading? ReadInstrument(AttributeData attribute, InstrumentAttributeKind kind, System.Collections.Generic.List<InputProblem> problems)
    {
        // The compiler reports each of these as an error: no constructor matches, an argument has the wrong
        // type, or names a property that does not exist (such an argument is dropped from AttributeData
        // rather than flagged, so the written arguments are counted).
        if (attribute.AttributeConstructor is null || attribute.ConstructorArguments.Length > 1 || !AllArgumentsBound(attribute))
        {
            problems.Add(new InputProblem(ProblemKind.CompilerError, attribute, "has arguments that do not bind"));
            return null;
        }

        var before = problems.Count;
        string? name = null;
        if (attribute.ConstructorArguments.Length == 1)
        {
            var status = ReadName(attribute.ConstructorArguments[0], out name);
            if (status != NameStatus.Valid)
            {
                var problemKind = status == NameStatus.DoesNotBind ? ProblemKind.CompilerError : ProblemKind.InvalidArgument;
                problems.Add(new InputProblem(problemKind, attribute, DescribeBadName(status), NameArgument));
            }
        }

        string? description = null;
        var extraLabels = System.Array.Empty<ExtraLabel>();
        var buckets = System.Array.Empty<double>();
        var recordOutcome = false;
        var recordFailuresOnly = false;
        foreach (var argument in attribute.NamedArguments)
        {
            var value = argument.Value;
            if (value.Kind == TypedConstantKind.Error)
            {
                problems.Add(new InputProblem(ProblemKind.CompilerError, attribute, "has an argument that does not bind", argument.Key));
                continue;
            }

            switch (argument.Key)
            {
                case "Description":
                    if (value.Value is not (null or string)) problems.Add(new InputProblem(ProblemKind.CompilerError, attribute, "has a Description that is not a string", argument.Key));
                    else description = (string?)value.Value;
                    break;
                case ExtraLabelsArgument:
                    extraLabels = ReadExtraLabels(attribute, value, problems);
                    break;
                case BucketsArgument when kind == InstrumentAttributeKind.Timed:
                    buckets = ReadBuckets(attribute, value, problems);
                    break;
                case "RecordOutcome" when kind == InstrumentAttributeKind.Timed:
                    if (!TryReadBool(value, out recordOutcome)) problems.Add(new InputProblem(ProblemKind.CompilerError, attribute, "has a RecordOutcome that is not a bool", argument.Key));
                    break;
                case "RecordFailuresOnly" when kind == InstrumentAttributeKind.Counted:
                    if (!TryReadBool(value, out recordFailuresOnly)) problems.Add(new InputProblem(ProblemKind.CompilerError, attribute, "has a RecordFailuresOnly that is not a bool", argument.Key));
                    break;
            }
        }

        return problems.Count > before ? null : new InstrumentReading(kind, attribute, name, description, extraLabels, buckets, recordOutcome, recordFailuresOnly);
    }

    /// <summary>Counts what the source wrote against what bound to the attribute's constructor and properties.</summary>
    private static bool AllArgumentsBound(AttributeData attribute)
    {
        if (attribute.ApplicationSyntaxReference?.GetSyntax() is not AttributeSyntax syntax) return true;
        var written = syntax.ArgumentList?.Arguments.Count ?? 0;
        foreach (var argument in attribute.NamedArguments)
        {
            if (argument.Key is not ("Description" or ExtraLabelsArgument or BucketsArgument or "RecordOutcome" or "RecordFailuresOnly")) return false;
        }

        return written == attribute.ConstructorArguments.Length + attribute.NamedArguments.Length;
    }

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
    /// Every instrument's label keys must be distinct from each other and from the built-in ones, or the
    /// runtime would reject the series; and <c>le</c> is a histogram's bucket label.
    /// </summary>
    private static void CheckLabelKeys(
        System.Collections.Generic.List<InstrumentReading> readings,
        System.Collections.Generic.IReadOnlyList<LabelReading> labels,
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

        var dynamic = new System.Collections.Generic.Dictionary<string, LabelReading>(System.StringComparer.Ordinal);
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

    private static string Format(double value) => value.ToString("R", System.Globalization.CultureInfo.InvariantCulture);

    private static string Format(int value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static bool IsInstrumentationNamespace(INamespaceSymbol? ns)
        => ns is { Name: "Instrumentation" } && ns.ContainingNamespace is { Name: "NumAgents" } parent && parent.ContainingNamespace is { IsGlobalNamespace: true };
}
