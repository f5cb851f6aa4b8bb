namespace NumAgents.Instrumentation.Tracing;

/// <summary>
/// What a tracer tells about an LLM call it learned of by itself (an activity of another library that
/// carries <c>gen_ai.usage.*</c> attributes): the monitor records the call's metrics and prices it. The
/// tracer knows no price table and no metric, so the monitor plugs this in.
/// </summary>
internal interface IUsageObserver
{
    /// <summary>Records one call's usage; returns its cost, or <see langword="null"/> for a model the price table does not know.</summary>
    TokenCost? OnLlmCall(Span span, TokenUsage usage, string? operation, string? provider, string? model);

    /// <summary>Records how long one call took (it may have failed: <paramref name="errorType"/>), in seconds.</summary>
    void OnLlmCallDuration(Span span, double seconds, string? operation, string? provider, string? model, string? errorType);
}
