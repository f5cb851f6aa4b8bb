namespace NumAgents.Instrumentation;

/// <summary>
/// Says that a method calls a model (<c>chat</c> by default): its span is a client span carrying
/// <c>gen_ai.operation.name</c>, <c>gen_ai.provider.name</c> and <c>gen_ai.request.model</c>, and the usage its
/// result reports (Microsoft.Extensions.AI's <c>ChatResponse</c> or <c>UsageDetails</c>, or an
/// <see cref="ITokenUsageReport"/>) is recorded: span attributes, the <c>gen_ai.client.token.usage</c>
/// histogram, and the cost from the monitor's price table. Implies <see cref="TracedAttribute"/>; the analyzers
/// warn when the return type carries no usage the generated code can read.
/// </summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class LlmCallAttribute : Attribute
{
    /// <summary>The provider (<c>gen_ai.provider.name</c>), for example <c>openai</c>.</summary>
    public string? Provider { get; set; }

    /// <summary>The requested model (<c>gen_ai.request.model</c>), for example <c>gpt-4o-mini</c>.</summary>
    public string? Model { get; set; }

    /// <summary>The operation (<c>gen_ai.operation.name</c>): <c>chat</c> (default), <c>text_completion</c>, <c>embeddings</c>...</summary>
    public string Operation { get; set; } = GenAIConventions.Chat;
}
