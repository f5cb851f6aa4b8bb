namespace NumAgents.Instrumentation;

/// <summary>
/// What one model's tokens cost, per million, in one currency: an entry of
/// <c>MonitorOptions.ModelPrices</c>. Configuration binds it from
/// <c>NumAgents:Monitoring:ModelPrices:{model}:InputPerMillion</c> and its siblings.
/// </summary>
public sealed class ModelPrice
{
    /// <summary>The price of a million input tokens that were not cached.</summary>
    public double InputPerMillion { get; set; }

    /// <summary>The price of a million output tokens (reasoning tokens included).</summary>
    public double OutputPerMillion { get; set; }

    /// <summary>The price of a million cached input tokens; <see langword="null"/>: the same as <see cref="InputPerMillion"/>.</summary>
    public double? CachedInputPerMillion { get; set; }

    /// <summary>The currency (ISO 4217); default <c>USD</c>.</summary>
    public string Currency { get; set; } = "USD";

    /// <summary>The cost of <paramref name="usage"/> at this price.</summary>
    /// <param name="usage">The tokens.</param>
    public TokenCost CostOf(TokenUsage usage)
    {
        var cached = Math.Clamp(usage.CachedInputTokens, 0, Math.Max(0, usage.InputTokens));
        return new TokenCost(
            Currency,
            (usage.InputTokens - cached) * InputPerMillion / 1_000_000,
            usage.OutputTokens * OutputPerMillion / 1_000_000,
            cached * (CachedInputPerMillion ?? InputPerMillion) / 1_000_000);
    }

    internal void Validate(string model)
    {
        if (!(InputPerMillion >= 0 && double.IsFinite(InputPerMillion)) || !(OutputPerMillion >= 0 && double.IsFinite(OutputPerMillion))
            || (CachedInputPerMillion is { } cached && !(cached >= 0 && double.IsFinite(cached))))
        {
            throw new ArgumentOutOfRangeException("ModelPrices", $"MonitorOptions.ModelPrices['{model}']: prices must be finite and not negative.");
        }

        if (string.IsNullOrWhiteSpace(Currency)) throw new ArgumentException($"MonitorOptions.ModelPrices['{model}']: the currency must not be empty.", "ModelPrices");
    }
}
