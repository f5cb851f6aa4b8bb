namespace NumAgents.Instrumentation;

/// <summary>What tokens cost in one currency, from the monitor's price table (input, output, cached input).</summary>
/// <param name="Currency">The currency (ISO 4217, for example <c>USD</c>).</param>
/// <param name="Input">The cost of the input tokens that were not cached.</param>
/// <param name="Output">The cost of the output tokens.</param>
/// <param name="CachedInput">The cost of the cached input tokens.</param>
public readonly record struct TokenCost(string Currency, double Input, double Output, double CachedInput)
{
    /// <summary>The whole cost.</summary>
    public double Total => Input + Output + CachedInput;
}
