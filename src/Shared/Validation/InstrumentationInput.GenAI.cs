using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace NumAgents.Instrumentation.Validation;

/// <summary>
/// The GenAI attributes, <c>[Agent]</c>, <c>[Tool]</c>, <c>[LlmCall]</c> and <c>[Retrieval]</c>: which one a node
/// class or method has and what it says. A declaration is one GenAI operation: with two or more of them the
/// generator ignores all of them (NAI0022) and instruments the rest of the member as if they were absent.
/// </summary>
internal static partial class InstrumentationInput
{
    /// <summary>The one GenAI attribute of a declaration, read; <see langword="null"/> when there is none, or several.</summary>
    /// <param name="attributes">The class's or method's attributes.</param>
    /// <param name="isNode">Whether they are a node class's (<c>[LlmCall]</c> is for methods only).</param>
    /// <param name="problems">Receives what is wrong.</param>
    public static GenAIReading? ReadGenAI(ImmutableArray<AttributeData> attributes, bool isNode, System.Collections.Generic.List<InputProblem> problems)
    {
        var found = new System.Collections.Generic.List<(AttributeData Attribute, GenAIAttributeKind Kind)>();
        foreach (var attribute in attributes)
        {
            if (GenAIKindOf(attribute) is not { } kind) continue;
            if (found.Exists(f => f.Kind == kind))
            {
                // CS0579 (the attributes do not allow multiple).
                problems.Add(new InputProblem(ProblemKind.CompilerError, attribute, "is given twice"));
                return null;
            }

            found.Add((attribute, kind));
        }

        if (found.Count == 0) return null;
        if (found.Count > 1)
        {
            foreach (var (attribute, kind) in found)
            {
                var others = found.FindAll(f => f.Kind != kind).ConvertAll(f => "[" + f.Kind + "]");
                problems.Add(new InputProblem(
                    ProblemKind.IgnoredAttribute,
                    attribute,
                    string.Join(" and ", others) + (others.Count == 1 ? " is" : " are") + " on it too: a declaration is one GenAI operation (an agent, a tool, an LLM call or a retrieval), so the generator ignores all of them; keep one"));
            }

            return null;
        }

        var (only, onlyKind) = found[0];

        // CS0592: [LlmCall] is for methods (AttributeUsage), so the compiler already rejects it on a class.
        if (isNode && onlyKind == GenAIAttributeKind.LlmCall)
        {
            problems.Add(new InputProblem(ProblemKind.CompilerError, only, "is on a class"));
            return null;
        }

        return ReadGenAIArguments(only, onlyKind, problems);
    }

    /// <summary>
    /// Whether the instrumentation of a declaration records a span: it has <c>[Traced]</c>, or exactly one GenAI attribute
    /// (several are ignored). What the generator does when the arguments are valid; the analyzers ask it whatever they are.
    /// </summary>
    public static bool RecordsSpan(ImmutableArray<AttributeData> attributes)
    {
        var genAI = new System.Collections.Generic.HashSet<GenAIAttributeKind>();
        foreach (var attribute in attributes)
        {
            if (KindOf(attribute) == InstrumentAttributeKind.Traced) return true;
            if (GenAIKindOf(attribute) is { } kind) genAI.Add(kind);
        }

        return genAI.Count == 1;
    }

    private static GenAIReading? ReadGenAIArguments(AttributeData attribute, GenAIAttributeKind kind, System.Collections.Generic.List<InputProblem> problems)
    {
        if (attribute.AttributeConstructor is null || attribute.ConstructorArguments.Length > 1 || !AllGenAIArgumentsBound(attribute, kind))
        {
            problems.Add(new InputProblem(ProblemKind.CompilerError, attribute, "has arguments that do not bind"));
            return null;
        }

        var before = problems.Count;
        var reading = new GenAIReading(kind, attribute);
        if (attribute.ConstructorArguments.Length == 1)
        {
            // The name of an agent or tool, or the data source of a retrieval: what a user would look the span up by.
            var text = ReadGenAIText(attribute, attribute.ConstructorArguments[0], NameArgument, kind == GenAIAttributeKind.Retrieval ? "data source" : "name", problems);
            if (kind == GenAIAttributeKind.Retrieval) reading.DataSource = text;
            else reading.Name = text;
        }

        foreach (var argument in attribute.NamedArguments)
        {
            var text = ReadGenAIText(attribute, argument.Value, argument.Key, argument.Key, problems);
            switch (argument.Key)
            {
                case "Id":
                    reading.AgentId = text;
                    break;
                case "Description":
                    reading.Description = text;
                    break;
                case "Type":
                    reading.ToolType = text;
                    break;
                case "Provider":
                    reading.Provider = text;
                    break;
                case "Model":
                    reading.Model = text;
                    break;
                case "Operation":
                    reading.Operation = text;
                    break;
            }
        }

        return problems.Count > before ? null : reading;
    }

    /// <summary>
    /// A text argument of a GenAI attribute: <see langword="null"/> when not given (or given as <see langword="null"/>,
    /// which means the default too); an empty or whitespace text is a problem, as an empty span or metric name is.
    /// </summary>
    private static string? ReadGenAIText(AttributeData attribute, TypedConstant value, string argument, string what, System.Collections.Generic.List<InputProblem> problems)
    {
        if (value.Kind == TypedConstantKind.Error || (!value.IsNull && value.Value is not string))
        {
            problems.Add(new InputProblem(ProblemKind.CompilerError, attribute, "has a " + what + " that is not a string", argument));
            return null;
        }

        var text = (string?)value.Value;
        if (text is null) return null;
        if (text.Trim().Length > 0) return text;
        problems.Add(new InputProblem(
            ProblemKind.InvalidArgument,
            attribute,
            (text.Length == 0 ? "has an empty " + what : "has a " + what + " made only of whitespace") + "; omit the argument for the default",
            argument));
        return null;
    }

    /// <summary>Counts what the source wrote against what bound to the attribute's constructor and its properties.</summary>
    private static bool AllGenAIArgumentsBound(AttributeData attribute, GenAIAttributeKind kind)
    {
        foreach (var argument in attribute.NamedArguments)
        {
            var known = kind switch
            {
                GenAIAttributeKind.Agent => argument.Key is "Id" or "Description",
                GenAIAttributeKind.Tool => argument.Key is "Type" or "Description",
                GenAIAttributeKind.LlmCall => argument.Key is "Provider" or "Model" or "Operation",
                _ => false,
            };
            if (!known) return false;
        }

        if (attribute.ApplicationSyntaxReference?.GetSyntax() is not AttributeSyntax syntax) return true;
        var written = syntax.ArgumentList?.Arguments.Count ?? 0;
        return written == attribute.ConstructorArguments.Length + attribute.NamedArguments.Length;
    }
}
