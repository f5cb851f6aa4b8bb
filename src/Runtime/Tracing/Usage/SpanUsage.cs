namespace NumAgents.Instrumentation.Tracing;

/// <summary>
/// The tokens and cost of the LLM calls a span covers: its own (the call it is, or a call recorded on it)
/// and, once they end, those of its children. When the span ends, the totals become its
/// <c>gen_ai.usage.*</c> attributes and are added to its parent, so a node's span sums its calls and a
/// flow's span sums its nodes.
/// </summary>
/// <remarks>
/// Retained with its span, so it owns as little as it can: the first currency's cost is held inline (a
/// price table normally has one currency), others in a list made only when a second currency appears, and
/// writers take a spin lock on a field rather than a lock object.
/// </remarks>
internal sealed class SpanUsage
{
    private int _lock;
    private TokenUsage _tokens;
    private TokenCost _cost;
    private bool _hasCost;
    private List<TokenCost>? _otherCosts;
    private bool _hasOwn;
    private bool _hasCallInside;
    private bool _hasReportedCall;

    /// <summary>Whether the span's own call was recorded (then another library's attributes for the same call are not read again).</summary>
    public bool HasOwn => Volatile.Read(ref _hasOwn);

    /// <summary>
    /// Whether an LLM call was recorded on a span under this one (rolled up as the children end): a result
    /// the span returns restates those calls and is not counted again.
    /// </summary>
    public bool HasCallInside => Volatile.Read(ref _hasCallInside);

    /// <summary>
    /// Whether an integration (a chat client middleware, application code) reported a call on this span
    /// while it ran: a generated LLM call whose span it is restates that call and records nothing more.
    /// </summary>
    public bool HasReportedCall => Volatile.Read(ref _hasReportedCall);

    public TokenUsage Tokens
    {
        get
        {
            using (SpinGate.Enter(ref _lock)) return _tokens;
        }
    }

    /// <summary>The cost in the first currency recorded, or <see langword="null"/> when no call was priced.</summary>
    public TokenCost? PrimaryCost
    {
        get
        {
            using (SpinGate.Enter(ref _lock)) return _hasCost ? _cost : null;
        }
    }

    /// <summary>The cost in every currency recorded, the first one first.</summary>
    public TokenCost[] Costs
    {
        get
        {
            using (SpinGate.Enter(ref _lock))
            {
                if (!_hasCost) return [];
                return _otherCosts is null ? [_cost] : [_cost, .. _otherCosts];
            }
        }
    }

    /// <summary>
    /// Adds the span's own call (<paramref name="own"/>) or a call recorded on it, with its cost when priced;
    /// <paramref name="reported"/> when an integration reported it rather than the span's own instrumentation.
    /// </summary>
    public void Add(TokenUsage tokens, TokenCost? cost, bool own, bool reported = false)
    {
        using (SpinGate.Enter(ref _lock))
        {
            _tokens += tokens;
            if (own) _hasOwn = true;
            if (reported) _hasReportedCall = true;
            if (cost is { } priced) AddCost(priced);
        }
    }

    /// <summary>Adds what an ended child covered: its tokens and costs, and that it covered a call.</summary>
    public void AddFrom(SpanUsage child)
    {
        // The child is read before this one is entered, so no two gates are ever held together.
        TokenUsage tokens;
        TokenCost[] costs;
        using (SpinGate.Enter(ref child._lock))
        {
            tokens = child._tokens;
            costs = !child._hasCost ? [] : child._otherCosts is null ? [child._cost] : [child._cost, .. child._otherCosts];
        }

        var coveredCall = child.HasOwn || child.HasCallInside;
        using (SpinGate.Enter(ref _lock))
        {
            _tokens += tokens;
            if (coveredCall) _hasCallInside = true;
            foreach (var cost in costs) AddCost(cost);
        }
    }

    private void AddCost(TokenCost cost)
    {
        if (!_hasCost)
        {
            _cost = cost;
            _hasCost = true;
            return;
        }

        if (string.Equals(_cost.Currency, cost.Currency, StringComparison.Ordinal))
        {
            _cost = Sum(_cost, cost);
            return;
        }

        _otherCosts ??= [];
        for (var i = 0; i < _otherCosts.Count; i++)
        {
            if (!string.Equals(_otherCosts[i].Currency, cost.Currency, StringComparison.Ordinal)) continue;
            _otherCosts[i] = Sum(_otherCosts[i], cost);
            return;
        }

        _otherCosts.Add(cost);
    }

    private static TokenCost Sum(TokenCost total, TokenCost cost)
        => new(total.Currency, total.Input + cost.Input, total.Output + cost.Output, total.CachedInput + cost.CachedInput);
}
