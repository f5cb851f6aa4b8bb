using System.Collections.Concurrent;
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
/// <para>
/// Labels are bounded: operation, provider, request model, token type and the enclosing node's name; never
/// a prompt, a response, a conversation or a user. A model missing from the price table gets no cost: it is
/// counted in <c>MonitorStatistics.UnpricedLlmCalls</c>, never guessed.
/// </para>
/// <para>
/// A call records with no label set built and no series looked up: the handles of each (operation,
/// provider, model, node) are resolved once and kept, up to <see cref="MaxCachedSeries"/> combinations
/// (beyond that, which only an unbounded model or node name reaches, each call resolves its series, and the
/// metrics' own label-set limit folds them); totals are summed without a lock.
/// </para>
/// </remarks>
internal sealed class GenAIRecorder : IUsageObserver
{
    /// <summary>How many label combinations keep their resolved handles.</summary>
    internal const int MaxCachedSeries = 1024;

    private const string NodeLabel = "node";
    private const string TokenUsageDescription = "Tokens used by GenAI operations";
    private const string DurationDescription = "GenAI operation duration";
    private const string CostDescription = "Cost of GenAI operations (proposed convention), by model and node";

    private readonly MetricsCollector _metrics;
    private readonly ModelPriceTable _prices;
    private readonly ConcurrentDictionary<SeriesKey, UsageSeries> _series = new();
    private readonly ConcurrentDictionary<string, CostTotal> _costs = new(StringComparer.Ordinal);
    private readonly Action<string, Exception> _reportFailure;
    private long _inputTokens;
    private long _outputTokens;
    private long _cachedInputTokens;
    private long _reasoningTokens;
    private long _calls;
    private long _unpriced;

    public GenAIRecorder(MetricsCollector metrics, ModelPriceTable prices, Action<string, Exception> reportFailure)
    {
        _metrics = metrics;
        _prices = prices;
        _reportFailure = reportFailure;
    }

    public TokenUsage Tokens => new(
        Interlocked.Read(ref _inputTokens),
        Interlocked.Read(ref _outputTokens),
        Interlocked.Read(ref _cachedInputTokens),
        Interlocked.Read(ref _reasoningTokens));

    public IReadOnlyList<TokenCost> Costs => [.. _costs.Values.Select(total => total.Snapshot()).OrderBy(c => c.Currency, StringComparer.Ordinal)];

    public long Calls => Interlocked.Read(ref _calls);

    public long UnpricedCalls => Interlocked.Read(ref _unpriced);

    /// <summary>
    /// Records one LLM call: metrics and totals, and (when <paramref name="span"/> is given) the call's usage
    /// and cost as the span's own; <paramref name="reported"/> when an integration reports it (not the span's
    /// own instrumentation). Returns the cost, or <see langword="null"/> for a model the price table does not
    /// know; contained: a failure is reported, never thrown.
    /// </summary>
    public TokenCost? RecordCall(Span? span, TokenUsage usage, string? operation, string? provider, string? requestModel, string? responseModel, bool reported = false)
    {
        TokenCost? cost = null;
        try
        {
            cost = Price(usage, responseModel ?? requestModel);
            Record(span, usage, cost, operation, provider, requestModel ?? responseModel);
            span?.RecordUsage(usage, cost, own: true, reported);
        }
        catch (Exception failure)
        {
            _reportFailure("genai", failure);
        }

        return cost;
    }

    /// <summary>
    /// Records the duration of one call (seconds) in <c>gen_ai.client.operation.duration</c>, and marks
    /// <paramref name="span"/> as the call's record, so nothing around or inside it records the call again.
    /// </summary>
    public void RecordDuration(Span? span, double seconds, string? operation, string? provider, string? requestModel, string? errorType, bool reported = false)
    {
        try
        {
            span?.RecordUsage(default, null, own: true, reported);
            if (!_metrics.IsEnabled) return;
            SeriesFor(operation, provider, requestModel, NodeOf(span)).Duration(errorType).Record(seconds);
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
    TokenCost? IUsageObserver.OnLlmCall(Span span, TokenUsage usage, string? operation, string? provider, string? model)
    {
        try
        {
            var cost = Price(usage, model);
            Record(span, usage, cost, operation, provider, span.FindAttribute(GenAIConventions.RequestModel) as string ?? model);
            return cost;
        }
        catch (Exception failure)
        {
            _reportFailure("genai", failure);
            return null;
        }
    }

    /// <summary>The name of the node the span runs in: the nearest span up the trace that has a <c>node</c> attribute.</summary>
    private static string? NodeOf(Span? span)
    {
        for (var depth = 0; span is not null && depth < 64; depth++, span = span.LocalParent)
        {
            if (span.FindAttribute(NodeLabel) is string name) return name;
        }

        return null;
    }

    private TokenCost? Price(TokenUsage usage, string? model)
    {
        var price = _prices.Find(model);
        if (price is null)
        {
            Interlocked.Increment(ref _unpriced);
            return null;
        }

        return price.CostOf(usage);
    }

    private void Record(Span? span, TokenUsage usage, TokenCost? cost, string? operation, string? provider, string? requestModel)
    {
        Interlocked.Increment(ref _calls);
        Interlocked.Add(ref _inputTokens, usage.InputTokens);
        Interlocked.Add(ref _outputTokens, usage.OutputTokens);
        if (usage.CachedInputTokens != 0) Interlocked.Add(ref _cachedInputTokens, usage.CachedInputTokens);
        if (usage.ReasoningTokens != 0) Interlocked.Add(ref _reasoningTokens, usage.ReasoningTokens);
        if (cost is { } priced) _costs.GetOrAdd(priced.Currency, static currency => new CostTotal(currency)).Add(priced);

        if (!_metrics.IsEnabled) return;
        var series = SeriesFor(operation, provider, requestModel, NodeOf(span));
        series.InputTokens.Record(usage.InputTokens);
        series.OutputTokens.Record(usage.OutputTokens);
        if (cost is { } spent) series.Cost(spent.Currency).Add(spent.Total);
    }

    private UsageSeries SeriesFor(string? operation, string? provider, string? model, string? node)
    {
        var key = new SeriesKey(operation ?? GenAIConventions.Chat, provider ?? string.Empty, model ?? string.Empty, node ?? string.Empty);
        if (_series.TryGetValue(key, out var series)) return series;
        series = new UsageSeries(_metrics, key);
        return _series.Count < MaxCachedSeries ? _series.GetOrAdd(key, series) : series;
    }

    /// <summary>The labels every GenAI series of one call shares.</summary>
    private readonly record struct SeriesKey(string Operation, string Provider, string Model, string Node);

    /// <summary>The resolved handles of one label combination: token histograms, durations by error type, cost by currency.</summary>
    private sealed class UsageSeries
    {
        private readonly MetricsCollector _metrics;
        private readonly SeriesKey _key;
        private HistogramHandle? _succeeded;
        private ConcurrentDictionary<string, HistogramHandle>? _failed;
        private (string Currency, CounterHandle Counter)? _cost;
        private ConcurrentDictionary<string, CounterHandle>? _otherCosts;

        private HistogramHandle? _inputTokens;
        private HistogramHandle? _outputTokens;

        public UsageSeries(MetricsCollector metrics, SeriesKey key)
        {
            _metrics = metrics;
            _key = key;
        }

        // Resolved on first use, so a call that only failed creates no token series exported at 0.
        public HistogramHandle InputTokens => _inputTokens ??= TokenHistogram("input");

        public HistogramHandle OutputTokens => _outputTokens ??= TokenHistogram("output");

        public HistogramHandle Duration(string? errorType)
        {
            if (errorType is null) return _succeeded ??= DurationHistogram(string.Empty);
            var failed = _failed ?? Interlocked.CompareExchange(ref _failed, new(StringComparer.Ordinal), null) ?? _failed;
            return failed.TryGetValue(errorType, out var handle) ? handle : failed.GetOrAdd(errorType, DurationHistogram(errorType));
        }

        public CounterHandle Cost(string currency)
        {
            if (_cost is { } cost && string.Equals(cost.Currency, currency, StringComparison.Ordinal)) return cost.Counter;
            if (_cost is null)
            {
                var counter = CostCounter(currency);
                _cost = (currency, counter);
                return counter;
            }

            var others = _otherCosts ?? Interlocked.CompareExchange(ref _otherCosts, new(StringComparer.Ordinal), null) ?? _otherCosts;
            return others.TryGetValue(currency, out var handle) ? handle : others.GetOrAdd(currency, CostCounter(currency));
        }

        private HistogramHandle TokenHistogram(string tokenType) => _metrics.GetHistogram(
            GenAIConventions.TokenUsageMetric,
            CallLabelsWith(GenAIConventions.TokenType, tokenType),
            TokenUsageDescription,
            GenAIConventions.TokenUsageBuckets,
            GenAIConventions.TokenUnit);

        private HistogramHandle DurationHistogram(string errorType) => _metrics.GetHistogram(
            GenAIConventions.OperationDurationMetric,
            CallLabelsWith(GenAIConventions.ErrorType, errorType),
            DurationDescription,
            GenAIConventions.OperationDurationBuckets,
            GenAIConventions.SecondsUnit);

        /// <summary>The call's labels (operation, provider, model, node) and one more (label sets are sorted, so its place is free).</summary>
        private Labels CallLabelsWith(string key, string value) => Labels.Create(
        [
            (GenAIConventions.OperationName, _key.Operation),
            (GenAIConventions.ProviderName, _key.Provider),
            (GenAIConventions.RequestModel, _key.Model),
            (NodeLabel, _key.Node),
            (key, value),
        ]);

        private CounterHandle CostCounter(string currency)
            => _metrics.GetCounter(GenAIConventions.CostMetric, [(GenAIConventions.RequestModel, _key.Model), (NodeLabel, _key.Node), ("currency", currency)], CostDescription);
    }

    /// <summary>The running cost in one currency, summed without a lock.</summary>
    private sealed class CostTotal(string currency)
    {
        private double _input;
        private double _output;
        private double _cachedInput;

        public void Add(TokenCost cost)
        {
            AddTo(ref _input, cost.Input);
            AddTo(ref _output, cost.Output);
            if (cost.CachedInput != 0) AddTo(ref _cachedInput, cost.CachedInput);
        }

        public TokenCost Snapshot() => new(currency, Volatile.Read(ref _input), Volatile.Read(ref _output), Volatile.Read(ref _cachedInput));

        private static void AddTo(ref double total, double value)
        {
            var current = Volatile.Read(ref total);
            while (true)
            {
                var seen = Interlocked.CompareExchange(ref total, current + value, current);
                if (seen.Equals(current)) return;
                current = seen;
            }
        }
    }
}
