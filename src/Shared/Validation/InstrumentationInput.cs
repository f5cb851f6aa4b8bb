using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace NumAgents.Instrumentation.Validation;

/// <summary>
/// Reads <c>[Traced]</c>, <c>[Timed]</c>, <c>[Counted]</c> and <c>[Label]</c> the one way both the generator
/// and the analyzers do: the generator builds its model from the readings and gives a member no code when
/// any <see cref="InputProblem"/> is found; the analyzers report those problems. Compiled into both
/// assemblies from these files so the two can never disagree.
/// </summary>
/// <remarks>
/// <para>
/// One partial class, one concern per file: this file reads the three instrumentation attributes;
/// <c>InstrumentationInput.Attributes.cs</c> recognises our attributes, <c>InstrumentationInput.Arguments.cs</c>
/// reads and checks their arguments, <c>InstrumentationInput.Labels.cs</c> reads <c>[Label]</c> members and
/// checks every label key.
/// </para>
/// <para>
/// Shared by projects with and without implicit usings, so types of <c>System</c> namespaces are written
/// in full here rather than imported.
/// </para>
/// </remarks>
internal static partial class InstrumentationInput
{
    /// <summary>The <see cref="InputProblem.Argument"/> of the constructor argument that names the span, metric or label.</summary>
    public const string NameArgument = "name";

    public const string ExtraLabelsArgument = "ExtraLabels";

    public const string BucketsArgument = "Buckets";

    /// <summary><c>[Counted(Unit = ...)]</c> (issue 15).</summary>
    public const string UnitArgument = "Unit";

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
        System.Collections.Generic.IReadOnlyList<KeyedMemberReading> labels,
        bool isNode,
        System.Collections.Generic.List<InputProblem> problems)
        => ReadInstruments(attributes, labels, isNode, problems, out _);

    /// <summary>
    /// Reads the instrumentation attributes of a node class or method and its GenAI attribute, and checks their
    /// label keys against the built-in ones and <paramref name="labels"/>. A GenAI attribute implies a span, so a
    /// member with one and none of the three is instrumented too.
    /// </summary>
    /// <param name="attributes">The class's or method's attributes.</param>
    /// <param name="labels">Its readable <c>[Label]</c> members.</param>
    /// <param name="isNode">Whether the built-in labels are a node's or a method's.</param>
    /// <param name="problems">Receives what is wrong.</param>
    /// <param name="genAI">The one GenAI attribute the generator honours, if any (<see cref="ReadGenAI"/>).</param>
    public static System.Collections.Generic.List<InstrumentReading> ReadInstruments(
        ImmutableArray<AttributeData> attributes,
        System.Collections.Generic.IReadOnlyList<KeyedMemberReading> labels,
        bool isNode,
        System.Collections.Generic.List<InputProblem> problems,
        out GenAIReading? genAI)
    {
        genAI = ReadGenAI(attributes, isNode, problems);
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

        if (readings.Count > 0 || genAI is not null) CheckLabelKeys(readings, labels, isNode, problems);
        return readings;
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
        string? unit = null;
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
                case UnitArgument when kind == InstrumentAttributeKind.Counted:
                    unit = ReadUnit(attribute, value, problems);
                    break;
            }
        }

        return problems.Count > before ? null : new InstrumentReading(kind, attribute, name, description, extraLabels, buckets, recordOutcome, recordFailuresOnly, unit);
    }

    /// <summary>Counts what the source wrote against what bound to the attribute's constructor and properties.</summary>
    private static bool AllArgumentsBound(AttributeData attribute)
    {
        if (attribute.ApplicationSyntaxReference?.GetSyntax() is not AttributeSyntax syntax) return true;
        var written = syntax.ArgumentList?.Arguments.Count ?? 0;
        foreach (var argument in attribute.NamedArguments)
        {
            if (argument.Key is not ("Description" or ExtraLabelsArgument or BucketsArgument or "RecordOutcome" or "RecordFailuresOnly" or UnitArgument)) return false;
        }

        return written == attribute.ConstructorArguments.Length + attribute.NamedArguments.Length;
    }
}
