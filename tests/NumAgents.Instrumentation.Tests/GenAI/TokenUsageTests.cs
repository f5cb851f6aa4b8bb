using NumAgents.Core;
using NumAgents.Instrumentation.Tests.Infrastructure;

namespace NumAgents.Instrumentation.Tests.GenAI;

/// <summary>
/// Tokens and cost of LLM calls (issue 14): recorded on the span of the call, summed into the node's and the
/// flow's spans, the conventions' token histogram with bounded labels, the cost counter, the statistics; a
/// model without a price gets no cost and is counted.
/// </summary>
public sealed class TokenUsageTests
{
    [Fact]
    public void Usage_recorded_inside_nodes_is_summed_into_the_node_and_flow_spans_and_priced()
    {
        var monitor = NewMonitor();
        var flow = new Flow([new CallingNode("plan", new TokenUsage(100, 20, CachedInputTokens: 40), "gpt-4o-mini"), new CallingNode("answer", new TokenUsage(300, 50), "gpt-4o-mini")], name: "assistant") { Monitor = monitor };
        var result = flow.Execute();

        var spans = monitor.Tracer.GetTraceSpans(result.Execution.TraceId!);
        var plan = spans.Single(s => s.Name == "node.plan");
        var run = spans.Single(s => s.Name == "flow.assistant");
        Assert.Equal(100L, plan.Attributes[GenAIConventions.UsageInputTokens]);
        Assert.Equal(20L, plan.Attributes[GenAIConventions.UsageOutputTokens]);
        Assert.Equal(40L, plan.Attributes[GenAIConventions.UsageCachedInputTokens]);
        Assert.Equal(400L, run.Attributes[GenAIConventions.UsageInputTokens]);
        Assert.Equal(70L, run.Attributes[GenAIConventions.UsageOutputTokens]);
        Assert.Equal("invoke_workflow", run.Attributes[GenAIConventions.OperationName]);
        Assert.Equal("assistant", run.Attributes[GenAIConventions.WorkflowName]);

        // gpt-4o-mini: 0.15 input, 0.60 output, 0.075 cached per million.
        var planCost = (60 * 0.15 + 20 * 0.60 + 40 * 0.075) / 1_000_000;
        var answerCost = (300 * 0.15 + 50 * 0.60) / 1_000_000;
        Assert.Equal(planCost, (double)plan.Attributes[GenAIConventions.UsageCost]!, 12);
        Assert.Equal(planCost + answerCost, (double)run.Attributes[GenAIConventions.UsageCost]!, 12);
        Assert.Equal("USD", run.Attributes[GenAIConventions.UsageCostCurrency]);

        var statistics = monitor.GetStatistics();
        Assert.Equal(new TokenUsage(400, 70, 40), statistics.TokenUsage);
        Assert.Equal(2, statistics.LlmCalls);
        Assert.Equal(planCost + answerCost, Assert.Single(statistics.Costs).Total, 12);
        Assert.Equal(0, statistics.UnpricedLlmCalls);

        var input = monitor.Metrics.GetHistogramStats(GenAIConventions.TokenUsageMetric, [(GenAIConventions.OperationName, "chat"), (GenAIConventions.ProviderName, "openai"), (GenAIConventions.RequestModel, "gpt-4o-mini"), (GenAIConventions.TokenType, "input"), ("node", "plan")]);
        Assert.Equal(1, input.Count);
        Assert.Equal(100, input.Sum);
        Assert.Equal(planCost, monitor.Metrics.GetCounterValue(GenAIConventions.CostMetric, [(GenAIConventions.RequestModel, "gpt-4o-mini"), ("node", "plan"), ("currency", "USD")]), 12);
    }

    [Fact]
    public void A_model_without_a_price_gets_no_cost_and_is_counted()
    {
        var monitor = NewMonitor();
        using (monitor.Tracer.Span("node.x").SetAttribute("node", "x"))
        {
            var cost = monitor.RecordTokenUsage(new TokenUsage(10, 5), "mystery-model");
            Assert.Empty(cost);
        }

        var span = Assert.Single(monitor.Tracer.GetAllSpans());
        Assert.Equal(10L, span.Attributes[GenAIConventions.UsageInputTokens]);
        Assert.False(span.Attributes.ContainsKey(GenAIConventions.UsageCost));
        Assert.Equal(1, monitor.GetStatistics().UnpricedLlmCalls);
        Assert.Empty(monitor.GetStatistics().Costs);
    }

    [Fact]
    public void A_price_key_ending_in_a_star_prices_every_version_of_the_model_and_nothing_is_guessed()
    {
        var monitor = new AgentMonitor(new MonitorOptions
        {
            ServiceName = "prices",
            EnableLogging = false,
            ModelPrices = { ["claude-3-5-sonnet*"] = new ModelPrice { InputPerMillion = 3, OutputPerMillion = 15 } },
        });
        Assert.Single(monitor.RecordTokenUsage(new TokenUsage(1_000_000, 0), "claude-3-5-sonnet-20241022"));
        Assert.Empty(monitor.RecordTokenUsage(new TokenUsage(1_000_000, 0), "claude-3-5"));
        Assert.Equal(3, monitor.GetStatistics().Costs.Single().Total, 9);
    }

    [Fact]
    public void The_token_histogram_uses_the_conventions_bucket_boundaries()
    {
        var monitor = NewMonitor();
        monitor.RecordTokenUsage(new TokenUsage(5, 3), "gpt-4o-mini", "openai");
        var exported = monitor.Metrics.ExportPrometheus();

        // Exported under the name Prometheus users query: {token} adds no suffix, seconds add _seconds.
        Assert.Contains("# TYPE gen_ai_client_token_usage histogram", exported, StringComparison.Ordinal);
        Assert.Contains("gen_ai_client_token_usage_count{gen_ai_operation_name=\"chat\",gen_ai_provider_name=\"openai\",gen_ai_request_model=\"gpt-4o-mini\",gen_ai_token_type=\"input\",node=\"\"} 1", exported, StringComparison.Ordinal);
        Assert.Contains("gen_ai_client_cost_total{", exported, StringComparison.Ordinal);
        foreach (var bound in GenAIConventions.TokenUsageBuckets)
        {
            Assert.Contains($"le=\"{bound.ToString(System.Globalization.CultureInfo.InvariantCulture)}\"", exported, StringComparison.Ordinal);
        }

        Assert.Equal([1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864], GenAIConventions.TokenUsageBuckets);
    }

    [Fact]
    public void Invalid_prices_name_the_model()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new AgentMonitor(new MonitorOptions { ModelPrices = { ["bad"] = new ModelPrice { InputPerMillion = -1 } } }));
        Assert.Contains("'bad'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Recording_a_call_resolves_its_series_once_and_then_builds_no_label_set()
    {
        using var monitor = NewMonitor();
        TokenCost? Record() => monitor.GenAIRecorder.RecordCall(null, new TokenUsage(120, 40), GenAIConventions.Chat, "openai", "gpt-4o-mini", null);
        for (var i = 0; i < 2 * HistogramHandle.ExactSampleLimit; i++) Record(); // past the exact-sample buffers' growth

        // Two token histograms, the cost counter and the totals, with no label set, array or list made per call.
        var bytes = Allocations.Measure(
            () =>
            {
                for (var i = 0; i < 100; i++) Record();
            },
            out var runs);

        Assert.Equal(0, bytes);
        var calls = (2 * HistogramHandle.ExactSampleLimit) + (100 * runs);
        Assert.Equal(calls, monitor.GetStatistics().LlmCalls);
        Assert.Equal(calls, monitor.Metrics.GetHistogramStats(GenAIConventions.TokenUsageMetric, [(GenAIConventions.OperationName, "chat"), (GenAIConventions.ProviderName, "openai"), (GenAIConventions.RequestModel, "gpt-4o-mini"), (GenAIConventions.TokenType, "input"), ("node", "")]).Count);
        Assert.Equal(calls * (120 * 0.15 + 40 * 0.60) / 1_000_000, Assert.Single(monitor.GetStatistics().Costs).Total, 9);
    }

    [Fact]
    public void A_spans_usage_attributes_are_its_recorded_usage_even_past_the_attribute_limit_and_in_the_jaeger_export()
    {
        using var monitor = NewMonitor();
        string traceId;
        using (var call = monitor.Tracer.Span("chat gpt-4o-mini"))
        {
            traceId = call.TraceId;
            call.SetAttribute(GenAIConventions.UsageInputTokens, 1L);
            for (var i = 0; i < Span.MaxAttributes; i++) call.SetAttribute("attribute." + i, i);
            Assert.Equal(1L, call.Attributes[GenAIConventions.UsageInputTokens]);
            monitor.RecordTokenUsage(new TokenUsage(120, 40), "gpt-4o-mini", "openai");

            // Usage reads as the span's attributes once the span ends, as it did when they were set at the end.
            Assert.Equal(1L, call.Attributes[GenAIConventions.UsageInputTokens]);
        }

        var span = Assert.Single(monitor.Tracer.GetTraceSpans(traceId));
        Assert.Equal(120L, span.Attributes[GenAIConventions.UsageInputTokens]);
        Assert.Equal(40L, span.Attributes[GenAIConventions.UsageOutputTokens]);
        Assert.Equal("USD", span.Attributes[GenAIConventions.UsageCostCurrency]);
        Assert.Equal(Span.MaxAttributes + 5, span.Attributes.Count);
        Assert.Single(span.Attributes, attribute => attribute.Key == GenAIConventions.UsageInputTokens);

        var tags = monitor.Tracer.ExportJaeger(traceId)["data"]![0]!["spans"]![0]!["tags"]!.AsArray();
        Assert.Equal(120L, (long)Assert.Single(tags, tag => (string)tag!["key"]! == GenAIConventions.UsageInputTokens)!["value"]!);
    }

    private static AgentMonitor NewMonitor() => new(new MonitorOptions
    {
        ServiceName = "tokens",
        EnableLogging = false,
        CollectedActivitySources = [],
        ModelPrices = { ["gpt-4o-mini"] = new ModelPrice { InputPerMillion = 0.15, OutputPerMillion = 0.60, CachedInputPerMillion = 0.075 } },
    });

    /// <summary>A node that makes one "LLM call" (reported by hand) inside its own span.</summary>
    private sealed class CallingNode(string name, TokenUsage usage, string model) : Node(name)
    {
        protected override NodeResult Exec(SharedStore shared)
        {
            var monitor = AgentMonitor.Current;
            using (monitor.Tracer.Span("node." + Name).SetAttribute("node", Name))
            {
                monitor.RecordTokenUsage(usage, model, "openai");
            }

            return [];
        }
    }
}
