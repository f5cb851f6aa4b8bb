using Microsoft.CodeAnalysis;

namespace NumAgents.Instrumentation.Validation;

/// <summary>
/// What the one GenAI attribute of a node class or method (<c>[Agent]</c>, <c>[Tool]</c>, <c>[LlmCall]</c> or
/// <c>[Retrieval]</c>) says, read without judging the member it is on. Every text is as written, or
/// <see langword="null"/> when the attribute leaves it out (the runtime then uses its default).
/// </summary>
internal sealed class GenAIReading
{
    public GenAIReading(GenAIAttributeKind kind, AttributeData attribute)
    {
        Kind = kind;
        Attribute = attribute;
    }

    public GenAIAttributeKind Kind { get; }

    public AttributeData Attribute { get; }

    /// <summary>The agent's or tool's name; <see langword="null"/> for the node's or method's own name.</summary>
    public string? Name { get; set; }

    /// <summary><c>[Agent(Id = ...)]</c>.</summary>
    public string? AgentId { get; set; }

    /// <summary><c>[Agent(Description = ...)]</c> or <c>[Tool(Description = ...)]</c>.</summary>
    public string? Description { get; set; }

    /// <summary><c>[Tool(Type = ...)]</c>; <see langword="null"/> for the default, <c>function</c>.</summary>
    public string? ToolType { get; set; }

    /// <summary><c>[LlmCall(Provider = ...)]</c>.</summary>
    public string? Provider { get; set; }

    /// <summary><c>[LlmCall(Model = ...)]</c>.</summary>
    public string? Model { get; set; }

    /// <summary><c>[LlmCall(Operation = ...)]</c>; <see langword="null"/> for the default, <c>chat</c>.</summary>
    public string? Operation { get; set; }

    /// <summary><c>[Retrieval(dataSource)]</c>.</summary>
    public string? DataSource { get; set; }
}
