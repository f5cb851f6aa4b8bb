namespace NumAgents.Instrumentation.Generated;

/// <summary>What a site is in the GenAI semantic conventions, as the generator compiled it from <see cref="AgentAttribute"/>, <see cref="ToolAttribute"/>, <see cref="LlmCallAttribute"/> and <see cref="RetrievalAttribute"/>.</summary>
public sealed partial class InstrumentationSite
{
    /// <summary>The GenAI operation (<c>invoke_agent</c>, <c>execute_tool</c>, <c>chat</c>, <c>retrieval</c>...); <see langword="null"/> when the site is none.</summary>
    public string? GenAIOperation { get; init; }

    /// <summary>The agent's or tool's name; <see langword="null"/>: the node's name (or the method's).</summary>
    public string? GenAIName { get; init; }

    /// <summary>The agent's id (<c>gen_ai.agent.id</c>).</summary>
    public string? AgentId { get; init; }

    /// <summary>The agent's or tool's description.</summary>
    public string? GenAIDescription { get; init; }

    /// <summary>The tool's type (<c>gen_ai.tool.type</c>).</summary>
    public string? ToolType { get; init; }

    /// <summary>The provider of an LLM call (<c>gen_ai.provider.name</c>).</summary>
    public string? Provider { get; init; }

    /// <summary>The requested model of an LLM call (<c>gen_ai.request.model</c>).</summary>
    public string? RequestModel { get; init; }

    /// <summary>The data source of a retrieval (<c>gen_ai.data_source.id</c>).</summary>
    public string? DataSource { get; init; }

    /// <summary>Whether the site calls a model (a client span whose usage and duration are recorded).</summary>
    internal bool IsLlmCall => GenAIOperation is GenAIConventions.Chat or GenAIConventions.TextCompletion or GenAIConventions.Embeddings or GenAIConventions.GenerateContent;
}
