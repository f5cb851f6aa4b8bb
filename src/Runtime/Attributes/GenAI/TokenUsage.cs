namespace NumAgents.Instrumentation;

/// <summary>
/// Tokens one or more LLM calls consumed: <c>gen_ai.usage.input_tokens</c>, <c>output_tokens</c>, and when
/// the provider reports them, <c>cache_read.input_tokens</c> and <c>reasoning.output_tokens</c>.
/// </summary>
/// <param name="InputTokens">Tokens of the prompt (cached ones included).</param>
/// <param name="OutputTokens">Tokens of the response (reasoning ones included).</param>
/// <param name="CachedInputTokens">Input tokens served from the provider's cache.</param>
/// <param name="ReasoningTokens">Output tokens spent on reasoning.</param>
public readonly record struct TokenUsage(long InputTokens, long OutputTokens, long CachedInputTokens = 0, long ReasoningTokens = 0)
{
    /// <summary>Input and output tokens.</summary>
    public long TotalTokens => InputTokens + OutputTokens;

    /// <summary>Whether no token was counted.</summary>
    public bool IsEmpty => (InputTokens | OutputTokens | CachedInputTokens | ReasoningTokens) == 0;

    /// <summary>Adds two usages.</summary>
    /// <param name="left">A usage.</param>
    /// <param name="right">Another usage.</param>
    public static TokenUsage operator +(TokenUsage left, TokenUsage right)
        => new(left.InputTokens + right.InputTokens, left.OutputTokens + right.OutputTokens, left.CachedInputTokens + right.CachedInputTokens, left.ReasoningTokens + right.ReasoningTokens);

    /// <summary>Adds two usages (the named form of <c>+</c>).</summary>
    /// <param name="other">The usage to add.</param>
    public TokenUsage Add(TokenUsage other) => this + other;
}
