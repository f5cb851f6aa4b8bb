namespace NumAgents.Instrumentation;

/// <summary>A snapshot of what a monitor holds and what it had to drop or contain.</summary>
public sealed record MonitorStatistics
{
    /// <summary>The monitor's service name.</summary>
    public required string ServiceName { get; init; }

    /// <summary>Distinct metric series (name + label set), including overflow series.</summary>
    public int MetricsCount { get; init; }

    /// <summary>Label sets that arrived past a metric's cardinality limit and were folded into its overflow series.</summary>
    public long FoldedLabelSets { get; init; }

    /// <summary>Exports that failed (a stream that threw, for example) and were contained.</summary>
    public long ExportErrors { get; init; }

    /// <summary>Failures inside the instrumentation itself that were contained instead of reaching the application.</summary>
    public long InstrumentationErrors { get; init; }

    /// <summary>Whether metrics are recorded.</summary>
    public bool MetricsEnabled { get; init; }

    /// <summary>Finished spans retained by the tracer (at most <see cref="MonitorOptions.MaxRetainedSpans"/>).</summary>
    public int SpansCount { get; init; }

    /// <summary>Traces with a local root span still running (a trace started here, or continued from another process).</summary>
    public long ActiveTraces { get; init; }

    /// <summary>Finished spans evicted because retention was full (oldest first); not reset by <see cref="AgentMonitor.Clear"/>.</summary>
    public long DroppedSpans { get; init; }

    /// <summary>Whether spans are recorded.</summary>
    public bool TracingEnabled { get; init; }

    /// <summary>Traces (local roots) that were not recorded because they were sampled out: by <see cref="MonitorOptions.SamplingRatio"/>, an incoming <c>traceparent</c> ending in <c>-00</c>, or a sampler upstream.</summary>
    public long SampledOutTraces { get; init; }

    /// <summary>Spans of this monitor that are running now (including activities of other libraries it collected).</summary>
    public int ActiveSpans { get; init; }

    /// <summary>Attribute values cut to <see cref="MonitorOptions.AttributeValueLengthLimit"/>.</summary>
    public long TruncatedAttributeValues { get; init; }

    /// <summary>Activities of other libraries inside this monitor's traces that were not collected because <see cref="MonitorOptions.MaxCollectedActivitiesInFlight"/> were already running.</summary>
    public long UncollectedActivities { get; init; }

    /// <summary>Tokens of every LLM call recorded by this monitor.</summary>
    public TokenUsage TokenUsage { get; init; }

    /// <summary>What those calls cost, one entry per currency of the price table (<see cref="MonitorOptions.ModelPrices"/>).</summary>
    public IReadOnlyList<TokenCost> Costs { get; init; } = [];

    /// <summary>LLM calls that reported token usage (a failed call, or one whose provider reports no usage, is counted only in <c>gen_ai.client.operation.duration</c>).</summary>
    public long LlmCalls { get; init; }

    /// <summary>LLM calls of a model missing from the price table (they have no cost).</summary>
    public long UnpricedLlmCalls { get; init; }

    /// <summary>The statistics with the guide's keys (<c>service_name</c>, <c>metrics_count</c>...).</summary>
    public IReadOnlyDictionary<string, object?> ToDictionary() => new Dictionary<string, object?>(StringComparer.Ordinal)
    {
        ["service_name"] = ServiceName,
        ["metrics_count"] = MetricsCount,
        ["folded_label_sets"] = FoldedLabelSets,
        ["export_errors"] = ExportErrors,
        ["instrumentation_errors"] = InstrumentationErrors,
        ["metrics_enabled"] = MetricsEnabled,
        ["spans_count"] = SpansCount,
        ["active_traces"] = ActiveTraces,
        ["dropped_spans"] = DroppedSpans,
        ["tracing_enabled"] = TracingEnabled,
        ["sampled_out_traces"] = SampledOutTraces,
        ["active_spans"] = ActiveSpans,
        ["truncated_attribute_values"] = TruncatedAttributeValues,
        ["uncollected_activities"] = UncollectedActivities,
        ["llm_calls"] = LlmCalls,
        ["input_tokens"] = TokenUsage.InputTokens,
        ["output_tokens"] = TokenUsage.OutputTokens,
        ["cached_input_tokens"] = TokenUsage.CachedInputTokens,
        ["reasoning_tokens"] = TokenUsage.ReasoningTokens,
        ["costs"] = Costs.ToDictionary(c => c.Currency, c => c.Total, StringComparer.Ordinal),
        ["unpriced_llm_calls"] = UnpricedLlmCalls,
    };
}
