using System.Diagnostics;
using Microsoft.Extensions.AI;

namespace NumAgents.Instrumentation.AI.Tests;

/// <summary>
/// <c>UseNumAgentsInstrumentation()</c> records each chat call into the node's span and the monitor, with
/// or without Microsoft.Extensions.AI's <c>UseOpenTelemetry()</c> beside it, and never counts one twice.
/// </summary>
public sealed class ChatClientRecordingTests
{
    [Fact]
    public async Task Without_OpenTelemetry_the_call_is_recorded_on_the_current_span_with_usage_and_cost()
    {
        using var monitor = TestMonitors.Create();
        using var client = new ChatClientBuilder(new FakeChatClient()).UseNumAgentsInstrumentation(monitor).Build();

        Span node;
        using (node = monitor.Tracer.Span("node.answer").SetAttribute("node", "answer"))
        {
            var response = await client.GetResponseAsync("Status?");
            Assert.Equal("All clear.", response.Text);
        }

        Assert.Equal(120L, node.Attributes[GenAIConventions.UsageInputTokens]);
        Assert.Equal(30L, node.Attributes[GenAIConventions.UsageOutputTokens]);
        Assert.Equal(20L, node.Attributes[GenAIConventions.UsageCachedInputTokens]);
        Assert.Equal(TestMonitors.FakeCallCost, (double)node.Attributes[GenAIConventions.UsageCost]!, 12);
        var call = Assert.Single(node.Events, e => e.Name == InstrumentedChatClient.CallEvent);
        Assert.Equal(FakeChatClient.Provider, call.Attributes[GenAIConventions.ProviderName]);
        Assert.Equal(FakeChatClient.Model, call.Attributes[GenAIConventions.RequestModel]);
        Assert.Equal(120L, call.Attributes[GenAIConventions.UsageInputTokens]);

        var statistics = monitor.GetStatistics();
        Assert.Equal(1, statistics.LlmCalls);
        Assert.Equal(new TokenUsage(120, 30, 20), statistics.TokenUsage);
        Assert.Equal(TestMonitors.FakeCallCost, Assert.Single(statistics.Costs).Total, 12);
        Assert.Equal(0, statistics.UnpricedLlmCalls);

        // The token histogram's series carry only bounded labels: operation, provider, model, type, node.
        var series = monitor.Metrics.GetMetric(GenAIConventions.TokenUsageMetric);
        Assert.Equal(["input", "output"], series.Select(s => s.Labels[GenAIConventions.TokenType]).Order().ToArray());
        Assert.All(series, s =>
        {
            Assert.Equal("answer", s.Labels["node"]);
            Assert.Equal(FakeChatClient.Model, s.Labels[GenAIConventions.RequestModel]);
            Assert.Equal(FakeChatClient.Provider, s.Labels[GenAIConventions.ProviderName]);
        });
        Assert.Equal(1, monitor.Metrics.GetHistogramStats(GenAIConventions.OperationDurationMetric, DurationLabels(errorType: "")).Count);
    }

    [Fact]
    public async Task Inside_UseOpenTelemetry_the_chat_span_carries_the_call_and_tokens_count_once()
    {
        using var monitor = TestMonitors.Create();
        using var client = new ChatClientBuilder(new FakeChatClient()).UseOpenTelemetry().UseNumAgentsInstrumentation(monitor).Build();

        Span node;
        using (node = monitor.Tracer.Span("node.answer").SetAttribute("node", "answer"))
        {
            await client.GetResponseAsync("Status?");
        }

        AssertOneChatSpanUnder(monitor, node);
        var chat = TestMonitors.Trace(monitor, node).Single(s => s.Name == "chat " + FakeChatClient.Model);
        Assert.Equal(TestMonitors.FakeCallCost, (double)chat.Attributes[GenAIConventions.UsageCost]!, 12);
        Assert.DoesNotContain(node.Events, e => e.Name == InstrumentedChatClient.CallEvent);
    }

    [Fact]
    public async Task Outside_UseOpenTelemetry_the_collected_chat_span_is_the_record_and_tokens_count_once()
    {
        using var monitor = TestMonitors.Create();
        using var client = new ChatClientBuilder(new FakeChatClient()).UseNumAgentsInstrumentation(monitor).UseOpenTelemetry().Build();

        Span node;
        using (node = monitor.Tracer.Span("node.answer").SetAttribute("node", "answer"))
        {
            await client.GetResponseAsync("Status?");
        }

        AssertOneChatSpanUnder(monitor, node);
        Assert.DoesNotContain(node.Events, e => e.Name == InstrumentedChatClient.CallEvent);
    }

    [Fact]
    public async Task Outside_UseOpenTelemetry_with_no_collected_chat_span_the_client_records_the_call_itself()
    {
        using var monitor = TestMonitors.Create(o => o.CollectedActivitySources = []);
        using var client = new ChatClientBuilder(new FakeChatClient()).UseNumAgentsInstrumentation(monitor).UseOpenTelemetry().Build();

        Span node;
        using (node = monitor.Tracer.Span("node.answer"))
        {
            await client.GetResponseAsync("Status?");
        }

        Assert.Equal(1, monitor.GetStatistics().LlmCalls);
        Assert.Equal(new TokenUsage(120, 30, 20), monitor.GetStatistics().TokenUsage);
        Assert.Equal(120L, node.Attributes[GenAIConventions.UsageInputTokens]);
        Assert.Single(node.Events, e => e.Name == InstrumentedChatClient.CallEvent);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_failed_call_beside_UseOpenTelemetry_has_one_duration_with_its_error_type(bool inside)
    {
        using var monitor = TestMonitors.Create();
        var builder = new ChatClientBuilder(new FakeChatClient { Failure = new HttpRequestException("overloaded") });
        using var client = (inside ? builder.UseOpenTelemetry().UseNumAgentsInstrumentation(monitor) : builder.UseNumAgentsInstrumentation(monitor).UseOpenTelemetry()).Build();

        using (monitor.Tracer.Span("node.answer").SetAttribute("node", "answer"))
        {
            await Assert.ThrowsAsync<HttpRequestException>(() => client.GetResponseAsync("Status?"));
        }

        var series = Assert.Single(monitor.Metrics.GetMetric(GenAIConventions.OperationDurationMetric));
        Assert.Equal(typeof(HttpRequestException).FullName, series.Labels[GenAIConventions.ErrorType]);
        Assert.Equal(1, monitor.Metrics.GetHistogramStats(GenAIConventions.OperationDurationMetric, DurationLabels(typeof(HttpRequestException).FullName!)).Count);
    }

    [Fact]
    public async Task A_streamed_call_is_recorded_from_its_updates()
    {
        using var monitor = TestMonitors.Create();
        using var client = new ChatClientBuilder(new FakeChatClient()).UseNumAgentsInstrumentation(monitor).Build();

        Span node;
        var text = "";
        using (node = monitor.Tracer.Span("node.answer"))
        {
            await foreach (var update in client.GetStreamingResponseAsync("Status?")) text += update.Text;
        }

        Assert.Equal("All clear.", text);
        Assert.Equal(120L, node.Attributes[GenAIConventions.UsageInputTokens]);
        Assert.Equal(30L, node.Attributes[GenAIConventions.UsageOutputTokens]);
        Assert.Equal(1, monitor.GetStatistics().LlmCalls);
    }

    [Fact]
    public async Task A_failed_call_throws_the_same_exception_and_is_recorded_with_its_error_type()
    {
        using var monitor = TestMonitors.Create();
        var failure = new HttpRequestException("model overloaded");
        using var client = new ChatClientBuilder(new FakeChatClient { Failure = failure }).UseNumAgentsInstrumentation(monitor).Build();

        Span node;
        using (node = monitor.Tracer.Span("node.answer").SetAttribute("node", "answer"))
        {
            var thrown = await Assert.ThrowsAsync<HttpRequestException>(() => client.GetResponseAsync("Status?"));
            Assert.Same(failure, thrown);
            Assert.Contains(nameof(FakeChatClient.GetResponseAsync), thrown.StackTrace, StringComparison.Ordinal);
        }

        var call = Assert.Single(node.Events, e => e.Name == InstrumentedChatClient.CallEvent);
        Assert.Equal(typeof(HttpRequestException).FullName, call.Attributes[GenAIConventions.ErrorType]);
        Assert.Equal(1, monitor.Metrics.GetHistogramStats(GenAIConventions.OperationDurationMetric, DurationLabels(typeof(HttpRequestException).FullName!)).Count);
        Assert.Equal(0, monitor.GetStatistics().LlmCalls);
        Assert.Equal(0, monitor.GetStatistics().InstrumentationErrors);
    }

    [Fact]
    public async Task A_model_without_a_price_gets_no_cost_and_is_counted()
    {
        using var monitor = TestMonitors.Create(o => o.ModelPrices.Clear());
        using var client = new ChatClientBuilder(new FakeChatClient()).UseNumAgentsInstrumentation(monitor).Build();

        Span node;
        using (node = monitor.Tracer.Span("node.answer"))
        {
            await client.GetResponseAsync("Status?");
        }

        Assert.False(node.Attributes.ContainsKey(GenAIConventions.UsageCost));
        Assert.Empty(monitor.GetStatistics().Costs);
        Assert.Equal(1, monitor.GetStatistics().UnpricedLlmCalls);
    }

    [Fact]
    public async Task With_no_span_the_call_still_reaches_the_monitor()
    {
        using var monitor = TestMonitors.Create();
        using var client = new ChatClientBuilder(new FakeChatClient()).UseNumAgentsInstrumentation(monitor).Build();

        await client.GetResponseAsync("Status?");

        Assert.Equal(1, monitor.GetStatistics().LlmCalls);
        Assert.Equal(new TokenUsage(120, 30, 20), monitor.GetStatistics().TokenUsage);
        Assert.Empty(monitor.Tracer.GetAllSpans());
    }

    [Fact]
    public async Task The_ambient_monitor_is_used_when_none_is_given()
    {
        using var monitor = TestMonitors.Create();
        using var client = new ChatClientBuilder(new FakeChatClient()).UseNumAgentsInstrumentation().Build();

        using (AgentMonitor.Use(monitor))
        {
            await client.GetResponseAsync("Status?");
        }

        Assert.Equal(1, monitor.GetStatistics().LlmCalls);
    }

    private static void AssertOneChatSpanUnder(AgentMonitor monitor, Span node)
    {
        var spans = TestMonitors.Trace(monitor, node);
        var chat = Assert.Single(spans, s => s.Attributes.TryGetValue(GenAIConventions.OperationName, out var op) && (string?)op == GenAIConventions.Chat);
        Assert.Equal("node.answer > chat " + FakeChatClient.Model, TestMonitors.PathOf(spans, chat));
        Assert.Equal(FakeChatClient.Model, chat.Attributes[GenAIConventions.ResponseModel]);
        Assert.Equal(120L, node.Attributes[GenAIConventions.UsageInputTokens]);
        Assert.Equal(30L, node.Attributes[GenAIConventions.UsageOutputTokens]);
        var statistics = monitor.GetStatistics();
        Assert.Equal(1, statistics.LlmCalls);
        Assert.Equal(new TokenUsage(120, 30, 20), statistics.TokenUsage);
        Assert.Equal(TestMonitors.FakeCallCost, Assert.Single(statistics.Costs).Total, 12);
        Assert.Single(monitor.Metrics.GetMetric(GenAIConventions.OperationDurationMetric));
        Assert.Equal(1, monitor.Metrics.GetHistogramStats(GenAIConventions.OperationDurationMetric, DurationLabels(errorType: "")).Count);
        Assert.Null(Activity.Current);
    }

    private static Labels DurationLabels(string errorType) => Labels.Create(
    [
        (GenAIConventions.OperationName, GenAIConventions.Chat),
        (GenAIConventions.ProviderName, FakeChatClient.Provider),
        (GenAIConventions.RequestModel, FakeChatClient.Model),
        ("node", "answer"),
        (GenAIConventions.ErrorType, errorType),
    ]);
}
