namespace NumAgents.Instrumentation;

/// <summary>One LLM call as <c>AgentMonitor.RecordLlmCall</c> records it.</summary>
public sealed record LlmCallRecord
{
    /// <summary>The operation (<c>gen_ai.operation.name</c>); default <c>chat</c>.</summary>
    public string Operation { get; init; } = GenAIConventions.Chat;

    /// <summary>The provider (<c>gen_ai.provider.name</c>), for example <c>openai</c>.</summary>
    public string? Provider { get; init; }

    /// <summary>The requested model (<c>gen_ai.request.model</c>).</summary>
    public string? RequestModel { get; init; }

    /// <summary>The model that answered (<c>gen_ai.response.model</c>; the price table's key when given).</summary>
    public string? ResponseModel { get; init; }

    /// <summary>The tokens the call consumed, when the provider reported them.</summary>
    public TokenUsage? Usage { get; init; }

    /// <summary>How long the call took, for <c>gen_ai.client.operation.duration</c>.</summary>
    public TimeSpan? Duration { get; init; }

    /// <summary>The exception's full type name when the call failed (<c>error.type</c>).</summary>
    public string? ErrorType { get; init; }
}
