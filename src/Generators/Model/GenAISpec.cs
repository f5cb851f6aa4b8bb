namespace NumAgents.Instrumentation.Generators.Model;

/// <summary>
/// What a GenAI attribute says, as the site's GenAI properties. Immutable and value-equal, or caching breaks.
/// Every text is <see langword="null"/> when the attribute leaves it out, so the runtime's default applies.
/// </summary>
/// <param name="OperationConstant">The member of <c>GenAIConventions</c> that names the operation (<c>InvokeAgent</c>), or <see langword="null"/> when <paramref name="Operation"/> is written instead.</param>
/// <param name="Operation">The operation as an <c>[LlmCall(Operation = ...)]</c> names it; <see langword="null"/> when <paramref name="OperationConstant"/> applies.</param>
/// <param name="Name">The agent's or tool's name (<c>GenAIName</c>); <see langword="null"/>: the node's or method's.</param>
/// <param name="AgentId">The agent's id.</param>
/// <param name="Description">The agent's or tool's description.</param>
/// <param name="ToolType">The tool's type.</param>
/// <param name="Provider">The provider of an LLM call.</param>
/// <param name="RequestModel">The requested model of an LLM call.</param>
/// <param name="DataSource">The data source of a retrieval.</param>
internal sealed record GenAISpec(
    string? OperationConstant,
    string? Operation,
    string? Name,
    string? AgentId,
    string? Description,
    string? ToolType,
    string? Provider,
    string? RequestModel,
    string? DataSource);
