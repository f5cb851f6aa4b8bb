using Microsoft.Extensions.AI;

namespace NumAgents.Instrumentation.AI;

/// <summary>Reads Microsoft.Extensions.AI's usage into the toolkit's <see cref="TokenUsage"/>.</summary>
public static class Usage
{
    /// <summary>The tokens <paramref name="usage"/> reports, or <see langword="null"/> when it reports neither input nor output.</summary>
    /// <param name="usage">A response's usage.</param>
    public static TokenUsage? Read(UsageDetails? usage)
    {
        if (usage is null || (usage.InputTokenCount is null && usage.OutputTokenCount is null)) return null;
        return new TokenUsage(usage.InputTokenCount ?? 0, usage.OutputTokenCount ?? 0, usage.CachedInputTokenCount ?? 0, usage.ReasoningTokenCount ?? 0);
    }
}
