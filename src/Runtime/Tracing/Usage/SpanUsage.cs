namespace NumAgents.Instrumentation.Tracing;

/// <summary>
/// The tokens and cost of the LLM calls a span covers: its own (the call it is, or a call recorded on it)
/// and, once they end, those of its children. When the span ends, the totals become its
/// <c>gen_ai.usage.*</c> attributes and are added to its parent, so a node's span sums its calls and a
/// flow's span sums its nodes.
/// </summary>
internal sealed class SpanUsage
{
    private readonly Lock _gate = new();
    private TokenUsage _tokens;
    private List<TokenCost>? _costs;

    /// <summary>Whether the span's own call was recorded (then another library's attributes for the same call are not read again).</summary>
    public bool HasOwn { get; private set; }

    /// <summary>
    /// Whether an LLM call was recorded on a span under this one (rolled up as the children end): a result
    /// the span returns restates those calls and is not counted again.
    /// </summary>
    public bool HasCallInside { get; private set; }

    public TokenUsage Tokens
    {
        get
        {
            lock (_gate) return _tokens;
        }
    }

    public TokenCost[] Costs
    {
        get
        {
            lock (_gate) return _costs is null ? [] : [.. _costs];
        }
    }

    /// <summary>Adds the span's own call (<paramref name="own"/>) or what a child rolled up (<paramref name="callInside"/>: the child covered a call).</summary>
    public void Add(TokenUsage tokens, IReadOnlyList<TokenCost> costs, bool own, bool callInside = false)
    {
        lock (_gate)
        {
            _tokens += tokens;
            HasOwn |= own;
            HasCallInside |= callInside;
            foreach (var cost in costs)
            {
                _costs ??= [];
                var index = _costs.FindIndex(c => string.Equals(c.Currency, cost.Currency, StringComparison.Ordinal));
                if (index < 0) _costs.Add(cost);
                else _costs[index] = new TokenCost(cost.Currency, _costs[index].Input + cost.Input, _costs[index].Output + cost.Output, _costs[index].CachedInput + cost.CachedInput);
            }
        }
    }
}
