namespace NumAgents.Instrumentation;

/// <summary>
/// The OpenTelemetry semantic conventions for generative AI that this toolkit emits, in one place:
/// operation names, span and metric attribute names, metric names, units and bucket boundaries. The
/// conventions are in Development status and change between versions; <see cref="Version"/> is the one
/// followed here (the one Microsoft.Extensions.AI 10.11 follows, so our attributes equal its own).
/// </summary>
/// <remarks>
/// Names under <c>gen_ai.usage.cost</c> are not part of the conventions: they are the proposal that
/// observability backends for agents use for cost, and they are marked as such wherever they appear.
/// </remarks>
public static class GenAIConventions
{
    /// <summary>The version of the GenAI semantic conventions followed.</summary>
    public const string Version = "1.41.0";

    /// <summary><c>gen_ai.operation.name</c>.</summary>
    public const string OperationName = "gen_ai.operation.name";

    /// <summary><c>gen_ai.provider.name</c>.</summary>
    public const string ProviderName = "gen_ai.provider.name";

    /// <summary><c>gen_ai.request.model</c>.</summary>
    public const string RequestModel = "gen_ai.request.model";

    /// <summary><c>gen_ai.response.model</c>.</summary>
    public const string ResponseModel = "gen_ai.response.model";

    /// <summary><c>gen_ai.agent.name</c>.</summary>
    public const string AgentName = "gen_ai.agent.name";

    /// <summary><c>gen_ai.agent.id</c>.</summary>
    public const string AgentId = "gen_ai.agent.id";

    /// <summary><c>gen_ai.agent.description</c>.</summary>
    public const string AgentDescription = "gen_ai.agent.description";

    /// <summary><c>gen_ai.workflow.name</c>.</summary>
    public const string WorkflowName = "gen_ai.workflow.name";

    /// <summary><c>gen_ai.tool.name</c>.</summary>
    public const string ToolName = "gen_ai.tool.name";

    /// <summary><c>gen_ai.tool.type</c> (<c>function</c>, <c>extension</c>, <c>datastore</c>).</summary>
    public const string ToolType = "gen_ai.tool.type";

    /// <summary><c>gen_ai.tool.call.id</c>.</summary>
    public const string ToolCallId = "gen_ai.tool.call.id";

    /// <summary><c>gen_ai.tool.description</c>.</summary>
    public const string ToolDescription = "gen_ai.tool.description";

    /// <summary><c>gen_ai.data_source.id</c>: the store a retrieval reads.</summary>
    public const string DataSourceId = "gen_ai.data_source.id";

    /// <summary><c>gen_ai.token.type</c> on the token usage histogram (<c>input</c>, <c>output</c>).</summary>
    public const string TokenType = "gen_ai.token.type";

    /// <summary><c>gen_ai.usage.input_tokens</c>.</summary>
    public const string UsageInputTokens = "gen_ai.usage.input_tokens";

    /// <summary><c>gen_ai.usage.output_tokens</c>.</summary>
    public const string UsageOutputTokens = "gen_ai.usage.output_tokens";

    /// <summary><c>gen_ai.usage.cache_read.input_tokens</c>: input tokens served from the provider's cache.</summary>
    public const string UsageCachedInputTokens = "gen_ai.usage.cache_read.input_tokens";

    /// <summary><c>gen_ai.usage.reasoning.output_tokens</c>.</summary>
    public const string UsageReasoningTokens = "gen_ai.usage.reasoning.output_tokens";

    /// <summary><c>gen_ai.input.messages</c> (content capture, off by default).</summary>
    public const string InputMessages = "gen_ai.input.messages";

    /// <summary><c>gen_ai.output.messages</c> (content capture, off by default).</summary>
    public const string OutputMessages = "gen_ai.output.messages";

    /// <summary><c>error.type</c>: the exception's full type name on a failed operation.</summary>
    public const string ErrorType = "error.type";

    /// <summary>Proposed, not in the conventions: the total cost of the operation (including what ran inside it).</summary>
    public const string UsageCost = "gen_ai.usage.cost";

    /// <summary>Proposed, not in the conventions: the cost of the input tokens.</summary>
    public const string UsageCostInput = "gen_ai.usage.cost.input";

    /// <summary>Proposed, not in the conventions: the cost of the output tokens.</summary>
    public const string UsageCostOutput = "gen_ai.usage.cost.output";

    /// <summary>Proposed, not in the conventions: the cost of the cached input tokens.</summary>
    public const string UsageCostCachedInput = "gen_ai.usage.cost.cache_read.input";

    /// <summary>Proposed, not in the conventions: the currency of the costs (ISO 4217, for example <c>USD</c>).</summary>
    public const string UsageCostCurrency = "gen_ai.usage.cost.currency";

    /// <summary>The token usage histogram, unit <see cref="TokenUnit"/>.</summary>
    public const string TokenUsageMetric = "gen_ai.client.token.usage";

    /// <summary>The operation duration histogram, unit <c>s</c>.</summary>
    public const string OperationDurationMetric = "gen_ai.client.operation.duration";

    /// <summary>Proposed, not in the conventions: the cost counter, in the currency its label names.</summary>
    public const string CostMetric = "gen_ai.client.cost";

    /// <summary>The unit of token counts.</summary>
    public const string TokenUnit = "{token}";

    /// <summary>The unit of <see cref="OperationDurationMetric"/>.</summary>
    public const string SecondsUnit = "s";

    /// <summary>The <c>chat</c> operation.</summary>
    public const string Chat = "chat";

    /// <summary>The <c>text_completion</c> operation.</summary>
    public const string TextCompletion = "text_completion";

    /// <summary>The <c>embeddings</c> operation.</summary>
    public const string Embeddings = "embeddings";

    /// <summary>The <c>generate_content</c> operation (a multimodal generation call).</summary>
    public const string GenerateContent = "generate_content";

    /// <summary>The <c>invoke_agent</c> operation.</summary>
    public const string InvokeAgent = "invoke_agent";

    /// <summary>The <c>invoke_workflow</c> operation.</summary>
    public const string InvokeWorkflow = "invoke_workflow";

    /// <summary>The <c>execute_tool</c> operation.</summary>
    public const string ExecuteTool = "execute_tool";

    /// <summary>The <c>retrieval</c> operation.</summary>
    public const string Retrieval = "retrieval";

    /// <summary>The bucket boundaries the conventions advise for <see cref="TokenUsageMetric"/>.</summary>
    public static IReadOnlyList<double> TokenUsageBuckets { get; } = [1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864];

    /// <summary>The bucket boundaries (seconds) the conventions advise for <see cref="OperationDurationMetric"/>.</summary>
    public static IReadOnlyList<double> OperationDurationBuckets { get; } = [0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92];
}
