namespace NumAgents.Instrumentation;

/// <summary>
/// Says that a node class or a method is a tool execution (<c>execute_tool</c>): its span carries
/// <c>gen_ai.operation.name</c>, <c>gen_ai.tool.name</c>, <c>gen_ai.tool.type</c> and, from a parameter
/// marked <see cref="ToolCallIdAttribute"/>, <c>gen_ai.tool.call.id</c>. Implies <see cref="TracedAttribute"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, Inherited = false)]
public sealed class ToolAttribute : Attribute
{
    /// <summary>A tool named after the node or the method.</summary>
    public ToolAttribute()
    {
    }

    /// <summary>A tool with this name.</summary>
    /// <param name="name">The tool's name (<c>gen_ai.tool.name</c>), a compile-time constant.</param>
    public ToolAttribute(string name)
    {
        Name = name;
    }

    /// <summary>The tool's name; <see langword="null"/> for the node's or method's name.</summary>
    public string? Name { get; }

    /// <summary>The tool's type (<c>gen_ai.tool.type</c>): <c>function</c> (default), <c>extension</c> or <c>datastore</c>.</summary>
    public string Type { get; set; } = "function";

    /// <summary>What the tool does (<c>gen_ai.tool.description</c>).</summary>
    public string? Description { get; set; }
}
