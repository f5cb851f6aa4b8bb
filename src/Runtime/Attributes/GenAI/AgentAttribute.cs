namespace NumAgents.Instrumentation;

/// <summary>
/// Says that a node class or a method is an agent invocation (<c>invoke_agent</c> in the GenAI semantic
/// conventions): its span carries <c>gen_ai.operation.name</c>, <c>gen_ai.agent.name</c> and, when given,
/// <c>gen_ai.agent.id</c> and <c>gen_ai.agent.description</c>, and the tokens and cost of every LLM call
/// made inside it. Implies <see cref="TracedAttribute"/>; the contract's span name stays unless the monitor
/// uses the conventions' span names (<c>invoke_agent {name}</c>).
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, Inherited = false)]
public sealed class AgentAttribute : Attribute
{
    /// <summary>An agent named after the node (its <c>Name</c>) or the method.</summary>
    public AgentAttribute()
    {
    }

    /// <summary>An agent with this name.</summary>
    /// <param name="name">The agent's name (<c>gen_ai.agent.name</c>), a compile-time constant.</param>
    public AgentAttribute(string name)
    {
        Name = name;
    }

    /// <summary>The agent's name; <see langword="null"/> for the node's or method's name.</summary>
    public string? Name { get; }

    /// <summary>A stable id of the agent (<c>gen_ai.agent.id</c>).</summary>
    public string? Id { get; set; }

    /// <summary>What the agent does (<c>gen_ai.agent.description</c>).</summary>
    public string? Description { get; set; }
}
