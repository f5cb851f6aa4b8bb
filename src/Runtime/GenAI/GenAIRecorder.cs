using NumAgents.Instrumentation.Tracing;

namespace NumAgents.Instrumentation.GenAI;

/// <summary>
/// Records LLM calls into one monitor, in the GenAI semantic conventions: the token usage histogram
/// (<c>gen_ai.client.token.usage</c>, the conventions' buckets), the operation duration histogram, the cost
/// of each call from the price table (the proposed cost counter), and the totals of the monitor's
/// statistics. Whoever learns of a call reports it here: generated code, the Microsoft.Extensions.AI
/// middleware, the application (<c>AgentMonitor.RecordTokenUsage</c>), or the tracer for another library's
/// activity that reports usage.
/// </summary>
/// <remarks>
/// Labels are bounded: operation, provider, request model, token type and the enclosing node's name; never
/// a prompt, a response, a conversation or a user. A model missing from the price table gets no cost: it is
/// counted in <c>MonitorStatistics.UnpricedLlmCalls</c>, never guessed.
/// </remarks>
internal sealed class GenAIRecorder : IUsageObserver
{
    private const string NodeLabel = "node";

    private readonly MetricsCollector _metrics;
    private readonly ModelPriceTable _prices;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, TokenCost> _costs = new(StringComparer.Ordinal);
    private readonly Action<string, Exception> _reportFailure;
    private TokenUsage _tokens;
    private long _calls;
    private long _unpriced;

    public GenAIRecorder(MetricsCollector metrics, ModelPriceTable prices, Action<string, Exception> reportFailure)
    {
        _metrics = metrics;
        _prices = prices;
        _reportFailure = reportFailure;
    }

    public TokenUsage Tokens
    {
        get
        {
            lock (_gate) return _tokens;
        }
    }

    public IReadOnlyList<TokenCost> Costs
    {
        get
        {
            lock (_gate) return [.. _costs.Values.OrderBy(c => c.Currency, StringComparer.Ordinal)];
        }
    }

    public long Calls => Interlocked.Read(ref _calls);

    public long UnpricedCalls => Interlocked.Read(ref _unpriced);

    /// <summary>
    /// Records one LLM call: metrics and totals, and (when <paramref name="span"/> is given) the call's usage
    /// and cost as the span's own. Returns the cost; contained: a failure is reported, never thrown.
    /// </summary>
    public IReadOnlyList<TokenCost> RecordCall(Span? span, TokenUsage usage, string? operation, string? provider, string? requestModel, string? responseModel)
    {
        IReadOnlyList<TokenCost> costs = [];
        try
        {
            costs = Price(usage, responseModel ?? requestModel);
            Record(span, usage, costs, operation, provider, requestModel ?? responseModel);
            span?.RecordUsage(usage, costs, own: true);
        }
        catch (Exception failure)
        {
            _reportFailure("genai", failure);
        }

        return costs;
    }

    /// <summary>
    /// Records the duration of one call (seconds) in <c>gen_ai.client.operation.duration</c>, and marks
    /// <paramref name="span"/> as the call's record, so nothing around or inside it records the call again.
    /// </summary>
    public void RecordDuration(Span? span, double seconds, string? operation, string? provider, string? requestModel, string? errorType)
    {
        try
        {
            span?.RecordUsage(default, [], own: true);
            if (!_metrics.IsEnabled) return;
            var labels = Labels.Create(
            [
                (GenAIConventions.OperationName, operation ?? GenAIConventions.Chat),
                (GenAIConventions.ProviderName, provider ?? string.Empty),
                (GenAIConventions.RequestModel, requestModel ?? string.Empty),
                (NodeLabel, NodeOf(span) ?? string.Empty),
                (GenAIConventions.ErrorType, errorType ?? string.Empty),
            ]);
            _metrics.GetHistogram(GenAIConventions.OperationDurationMetric, labels, "GenAI operation duration", GenAIConventions.OperationDurationBuckets, GenAIConventions.SecondsUnit).Record(seconds);
        }
        catch (Exception failure)
        {
            _reportFailure("genai", failure);
        }
    }

    /// <summary>The duration of a call the tracer learned of by itself.</summary>
    void IUsageObserver.OnLlmCallDuration(Span span, double seconds, string? operation, string? provider, string? model, string? errorType)
        => RecordDuration(span, seconds, operation, provider, model, errorType);

    /// <summary>A call the tracer learned of by itself (another library's activity reporting usage).</summary>
    IReadOnlyList<TokenCost> IUsageObserver.OnLlmCall(Span span, TokenUsage usage, string? operation, string? provider, string? model)
    {
        try
        {
            var costs = Price(usage, model);
            Record(span, usage, costs, operation, provider, span.Attributes.TryGetValue(GenAIConventions.RequestModel, out var requested) ? requested as string : model);
            return costs;
        }
        catch (Exception failure)
        {
            _reportFailure("genai", failure);
            return [];
        }
    }

    /// <summary>The name of the node the span runs in: the nearest span up the trace that has a <c>node</c> attribute.</summary>
    private static string? NodeOf(Span? span)
    {
        for (var depth = 0; span is not null && depth < 64; depth++, span = span.LocalParent)
        {
            if (span.AttributeSnapshot.TryGetValue(NodeLabel, out var node) && node is string name) return name;
        }

        return null;
    }

    private IReadOnlyList<TokenCost> Price(TokenUsage usage, string? model)
    {
        var price = _prices.Find(model);
        if (price is null)
        {
            Interlocked.Increment(ref _unpriced);
            return [];
        }

        return [price.CostOf(usage)];
    }

    private void Record(Span? span, TokenUsage usage, IReadOnlyList<TokenCost> costs, string? operation, string? provider, string? requestModel)
    {
        Interlocked.Increment(ref _calls);
        lock (_gate)
        {
            _tokens += usage;
            foreach (var cost in costs)
            {
                _costs[cost.Currency] = _costs.TryGetValue(cost.Currency, out var total)
                    ? new TokenCost(cost.Currency, total.Input + cost.Input, total.Output + cost.Output, total.CachedInput + cost.CachedInput)
                    : cost;
            }
        }

        if (!_metrics.IsEnabled) return;
        var node = NodeOf(span) ?? string.Empty;
        var model = requestModel ?? string.Empty;
        foreach (var (type, count) in new[] { ("input", usage.InputTokens), ("output", usage.OutputTokens) })
        {
            var labels = Labels.Create(
            [
                (GenAIConventions.OperationName, operation ?? GenAIConventions.Chat),
                (GenAIConventions.ProviderName, provider ?? string.Empty),
                (GenAIConventions.RequestModel, model),
                (GenAIConventions.TokenType, type),
                (NodeLabel, node),
            ]);
            _metrics.GetHistogram(GenAIConventions.TokenUsageMetric, labels, "Tokens used by GenAI operations", GenAIConventions.TokenUsageBuckets, GenAIConventions.TokenUnit).Record(count);
        }

        foreach (var cost in costs)
        {
            _metrics.GetCounter(GenAIConventions.CostMetric, [(GenAIConventions.RequestModel, model), (NodeLabel, node), ("currency", cost.Currency)], "Cost of GenAI operations (proposed convention), by model and node").Add(cost.Total);
        }
    }
}
