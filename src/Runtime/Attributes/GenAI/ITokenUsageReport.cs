namespace NumAgents.Instrumentation;

/// <summary>
/// A result that says what its LLM call consumed. A method marked <see cref="LlmCallAttribute"/> (or a node
/// marked <see cref="AgentAttribute"/>) that returns such a value has its usage read by the generated code,
/// with no reflection; Microsoft.Extensions.AI's <c>ChatResponse</c> and <c>UsageDetails</c> are read the
/// same way without implementing this.
/// </summary>
public interface ITokenUsageReport
{
    /// <summary>The tokens consumed, or <see langword="null"/> when the provider did not say.</summary>
    TokenUsage? TokenUsage { get; }

    /// <summary>The model that answered (for the price table and <c>gen_ai.response.model</c>), if known.</summary>
    string? ModelId { get; }
}
