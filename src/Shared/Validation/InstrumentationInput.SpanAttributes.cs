using Microsoft.CodeAnalysis;

namespace NumAgents.Instrumentation.Validation;

/// <summary>
/// <c>[SpanAttribute]</c> parameters and node properties and the <c>[ToolCallId]</c> parameter: values the generated
/// code writes on the span of each execution, never on a metric. One the generator cannot write (no span to write on,
/// no value to read, a <c>[Label]</c> on the same member, a key taken) is ignored, and the rest of the member is still
/// instrumented: each such case is an <see cref="ProblemKind.IgnoredAttribute"/> (NAI0022).
/// </summary>
internal static partial class InstrumentationInput
{
    private const string SpanAttributeFix = "add [Traced] (or [Agent], [Tool], [LlmCall] or [Retrieval])";

    /// <summary>The <c>[SpanAttribute]</c> and <c>[ToolCallId]</c> parameters of a method, in order.</summary>
    /// <param name="method">The method.</param>
    /// <param name="hasSpan">Whether its instrumentation records a span (there is nothing to write on otherwise).</param>
    /// <param name="labels">Its readable <c>[Label]</c> parameters, whose keys a span attribute may not take.</param>
    /// <param name="problems">Receives what is ignored and why.</param>
    public static SpanMembers ReadParameterSpanMembers(IMethodSymbol method, bool hasSpan, System.Collections.Generic.IReadOnlyList<KeyedMemberReading> labels, System.Collections.Generic.List<InputProblem> problems)
    {
        var spanAttributes = new System.Collections.Generic.List<KeyedMemberReading>();
        IParameterSymbol? toolCallId = null;
        var enumerates = method.ReturnType is INamedTypeSymbol { Arity: 1 } returned
            && returned.OriginalDefinition.ToDisplayString() == "System.Collections.Generic.IAsyncEnumerable<T>";
        foreach (var parameter in method.Parameters)
        {
            var spanAttribute = SpanAttributeAttributeOf(parameter);
            var toolCall = ToolCallIdAttributeOf(parameter);
            if (spanAttribute is null && toolCall is null) continue;

            var hasLabel = LabelAttributeOf(parameter) is not null;
            var unreadable = !hasSpan ? "'" + OwnerName(method) + "' records no span; " + SpanAttributeFix + " to it"
                : enumerates ? "'" + OwnerName(method) + "' returns IAsyncEnumerable<T>, whose span starts when the sequence is enumerated, after the call has returned"
                : parameter.RefKind == RefKind.Out ? "it is an out parameter, which has no value until the method returns"
                : null;

            if (toolCall is not null)
            {
                var why = unreadable
                    ?? (parameter.Type.SpecialType != SpecialType.System_String ? "it has the type '" + Display(parameter.Type) + "'; a tool call id is a string" : null)
                    ?? (hasLabel ? "it has [Label] too: a tool call id is new for every call, so as a metric label it would make a series per call; remove [Label]" : null)
                    ?? (toolCallId is not null ? "parameter '" + toolCallId.Name + "' is the tool call id already" : null);
                if (why is null) toolCallId = parameter;
                else problems.Add(new InputProblem(ProblemKind.IgnoredAttribute, toolCall, why, labelMember: parameter));
            }

            if (spanAttribute is not null)
            {
                var why = unreadable ?? WhyNotRecordable(parameter.Type) ?? (hasLabel ? LabelToo : null);
                if (why is not null)
                {
                    problems.Add(new InputProblem(ProblemKind.IgnoredAttribute, spanAttribute, why, labelMember: parameter));
                    continue;
                }

                if (ReadSpanAttribute(parameter, spanAttribute, spanAttributes, labels, problems) is { } reading) spanAttributes.Add(reading);
            }
        }

        return new SpanMembers(spanAttributes, toolCallId);
    }

    /// <summary>
    /// The <c>[SpanAttribute]</c> properties of a node class, its own and its base classes' (private ones of a base
    /// excepted, as for <c>[Label]</c>). Without a span, the class's own ones are reported; a base's may serve
    /// another class deriving from it that has one.
    /// </summary>
    /// <param name="type">The node class.</param>
    /// <param name="compilation">The compilation, for accessibility.</param>
    /// <param name="hasSpan">Whether its instrumentation records a span.</param>
    /// <param name="labels">Its readable <c>[Label]</c> properties, whose keys a span attribute may not take.</param>
    /// <param name="problems">Receives what is ignored and why.</param>
    public static SpanMembers ReadNodeSpanAttributes(INamedTypeSymbol type, Compilation compilation, bool hasSpan, System.Collections.Generic.IReadOnlyList<KeyedMemberReading> labels, System.Collections.Generic.List<InputProblem> problems)
    {
        var spanAttributes = new System.Collections.Generic.List<KeyedMemberReading>();
        var seen = new System.Collections.Generic.HashSet<string>(System.StringComparer.Ordinal);
        for (var current = type; current is not null; current = current.BaseType)
        {
            foreach (var member in current.GetMembers())
            {
                if (member is not IPropertySymbol property) continue;
                if (SpanAttributeAttributeOf(property) is not { } attribute) continue;
                if (!compilation.IsSymbolAccessibleWithin(property, type)) continue;
                if (!seen.Add(property.Name)) continue; // an override already read in a derived class

                string? why;
                if (!hasSpan)
                {
                    if (!SymbolEqualityComparer.Default.Equals(current, type)) continue;
                    why = "'" + OwnerName(type) + "' records no span; " + SpanAttributeFix + " to the class";
                }
                else
                {
                    why = (WhyNodePropertyUnreadable(property, type, compilation, "a span attribute") is { } unreadable ? "it " + unreadable : null)
                        ?? (LabelAttributeOf(property) is not null ? LabelToo : null);
                }

                if (why is not null)
                {
                    problems.Add(new InputProblem(ProblemKind.IgnoredAttribute, attribute, why, labelMember: property));
                    continue;
                }

                if (ReadSpanAttribute(property, attribute, spanAttributes, labels, problems) is { } reading) spanAttributes.Add(reading);
            }
        }

        return new SpanMembers(spanAttributes, toolCallId: null);
    }

    /// <summary><c>Service.Run</c>, <c>Outer.LoadNode</c>: how a problem names the member that owns the span.</summary>
    public static string OwnerName(ISymbol symbol) => symbol switch
    {
        IMethodSymbol method when method.ContainingType is { } type => OwnerName(type) + "." + method.Name,
        INamedTypeSymbol { ContainingType: { } outer } type => OwnerName(outer) + "." + type.Name,
        _ => symbol.Name,
    };

    private const string LabelToo = "it has [Label] too, whose value is an attribute of the span already; keep [Label] for a bounded value that should split the metrics, or [SpanAttribute] alone to keep the value out of them";

    /// <summary>Why a value of <paramref name="type"/> cannot be passed on as an <c>object</c>, or <see langword="null"/>.</summary>
    private static string? WhyNotRecordable(ITypeSymbol type)
    {
        if (type.IsRefLikeType || type is ITypeParameterSymbol { AllowsRefLikeType: true }) return "it has the ref struct type '" + Display(type) + "', which cannot be recorded as a span attribute";
        if (type is IPointerTypeSymbol or IFunctionPointerTypeSymbol) return "it has the pointer type '" + Display(type) + "', which cannot be recorded as a span attribute";
        return null;
    }

    /// <summary>
    /// The key of a <c>[SpanAttribute]</c> member: the attribute's name (any text but an empty one: span attribute keys
    /// are not label names, so <c>gen_ai.conversation.id</c> is fine), else the member's name in snake_case. A key that
    /// an earlier span attribute or a label of the same member takes is ignored: the span would keep only one value.
    /// </summary>
    private static KeyedMemberReading? ReadSpanAttribute(
        ISymbol member,
        AttributeData attribute,
        System.Collections.Generic.List<KeyedMemberReading> earlier,
        System.Collections.Generic.IReadOnlyList<KeyedMemberReading> labels,
        System.Collections.Generic.List<InputProblem> problems)
    {
        if (attribute.ConstructorArguments.Length > 1 || attribute.NamedArguments.Length > 0)
        {
            problems.Add(new InputProblem(ProblemKind.CompilerError, attribute, "has arguments that do not bind", labelMember: member));
            return null;
        }

        string? key = null;
        if (attribute.ConstructorArguments.Length == 1)
        {
            var status = ReadName(attribute.ConstructorArguments[0], out key);
            if (status == NameStatus.DoesNotBind)
            {
                problems.Add(new InputProblem(ProblemKind.CompilerError, attribute, "has a key that is not a string", NameArgument, labelMember: member));
                return null;
            }

            if (status != NameStatus.Valid)
            {
                var text = status == NameStatus.Empty ? "it has an empty key" : "it has a key made only of whitespace";
                problems.Add(new InputProblem(ProblemKind.IgnoredAttribute, attribute, text + "; omit the argument for the member's name in snake_case", NameArgument, labelMember: member));
                return null;
            }
        }

        key ??= ToSnakeCase(member.Name);
        string? taken = null;
        foreach (var other in earlier)
        {
            if (other.Key == key) taken = "[SpanAttribute] " + DescribeMember(other.Member);
        }

        foreach (var label in labels)
        {
            if (label.Key == key) taken ??= "[Label] " + DescribeMember(label.Member);
        }

        if (taken is not null)
        {
            problems.Add(new InputProblem(ProblemKind.IgnoredAttribute, attribute, "its key '" + key + "' is the key of " + taken + " already, and a span keeps one value per key", attribute.ConstructorArguments.Length == 1 ? NameArgument : null, labelMember: member));
            return null;
        }

        return new KeyedMemberReading(member, attribute, key);
    }
}
