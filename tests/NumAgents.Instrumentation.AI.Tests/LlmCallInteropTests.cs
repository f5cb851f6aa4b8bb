using Microsoft.Extensions.AI;

namespace NumAgents.Instrumentation.AI.Tests;

/// <summary>
/// A generated <c>[LlmCall]</c> method that calls a chat client, as an application writes it: whichever
/// layers see the call (the method's result, <c>UseNumAgentsInstrumentation()</c>, Microsoft.Extensions.AI's
/// <c>UseOpenTelemetry()</c>), the monitor counts it once, with one duration and one set of token observations.
/// </summary>
public sealed class LlmCallInteropTests
{
    public static TheoryData<string> Pipelines => ["bare client", "middleware", "middleware inside UseOpenTelemetry", "UseOpenTelemetry inside middleware", "UseOpenTelemetry only"];

    [Theory]
    [MemberData(nameof(Pipelines))]
    public async Task Each_call_through_an_LlmCall_method_is_counted_once_whatever_the_pipeline(string pipeline)
    {
        using var monitor = TestMonitors.Create();
        using var client = Build(pipeline, monitor);
        var assistant = new Assistant(client);

        Span node;
        using (AgentMonitor.Use(monitor))
        using (node = monitor.Tracer.Span("node.answer").SetAttribute("node", "answer"))
        {
            var response = await assistant.AnswerAsync("Status?");
            Assert.Equal("All clear.", response.Text);
        }

        var statistics = monitor.GetStatistics();
        Assert.Equal(1, statistics.LlmCalls);
        Assert.Equal(new TokenUsage(120, 30, 20), statistics.TokenUsage);
        Assert.Equal(TestMonitors.FakeCallCost, Assert.Single(statistics.Costs).Total, 12);
        Assert.Equal(120L, node.Attributes[GenAIConventions.UsageInputTokens]);
        Assert.Equal(TestMonitors.FakeCallCost, (double)node.Attributes[GenAIConventions.UsageCost]!, 12);

        var method = Assert.Single(monitor.Tracer.GetTraceSpans(node.TraceId), span => span.Name == "Assistant.AnswerAsync");
        Assert.Equal(120L, method.Attributes[GenAIConventions.UsageInputTokens]);
        Assert.Equal(30L, method.Attributes[GenAIConventions.UsageOutputTokens]);
        Assert.Equal(1, Observations(monitor, GenAIConventions.TokenUsageMetric + "_count", "gen_ai_token_type=\"input\""));
        Assert.Equal(1, Observations(monitor, GenAIConventions.OperationDurationMetric + "_seconds_count", string.Empty));
    }

    [Fact]
    public async Task A_client_that_does_not_name_its_provider_is_labelled_with_the_provider_the_method_declares()
    {
        using var monitor = TestMonitors.Create();
        using var client = new ChatClientBuilder(new AnonymousClient(new FakeChatClient())).UseNumAgentsInstrumentation(monitor).Build();
        var assistant = new AcmeAssistant(client);

        using (AgentMonitor.Use(monitor))
        {
            await assistant.AnswerAsync("Status?");
        }

        Assert.Equal(1, monitor.GetStatistics().LlmCalls);
        Assert.Equal(1, Observations(monitor, GenAIConventions.TokenUsageMetric + "_count", "gen_ai_provider_name=\"acme\",gen_ai_request_model=\"" + FakeChatClient.Model + "\",gen_ai_token_type=\"input\""));
        Assert.Equal(0, Observations(monitor, GenAIConventions.TokenUsageMetric + "_count", "gen_ai_provider_name=\"\""));
    }

    private static IChatClient Build(string pipeline, AgentMonitor monitor)
    {
        var builder = new ChatClientBuilder(new FakeChatClient());
        return (pipeline switch
        {
            "bare client" => builder,
            "middleware" => builder.UseNumAgentsInstrumentation(monitor),
            "middleware inside UseOpenTelemetry" => builder.UseOpenTelemetry().UseNumAgentsInstrumentation(monitor),
            "UseOpenTelemetry inside middleware" => builder.UseNumAgentsInstrumentation(monitor).UseOpenTelemetry(),
            "UseOpenTelemetry only" => builder.UseOpenTelemetry(),
            _ => throw new ArgumentOutOfRangeException(nameof(pipeline), pipeline, "unknown pipeline"),
        }).Build();
    }

    /// <summary>The sum of a family's exported sample values on lines that contain <paramref name="filter"/>.</summary>
    private static double Observations(AgentMonitor monitor, string sample, string filter)
    {
        var prefix = sample.Replace('.', '_');
        return monitor.Metrics.ExportPrometheus()
            .Split('\n')
            .Where(line => line.StartsWith(prefix + "{", StringComparison.Ordinal) && line.Contains(filter, StringComparison.Ordinal))
            .Sum(line => double.Parse(line[(line.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture));
    }

    public sealed class AcmeAssistant(IChatClient chat)
    {
        [LlmCall(Provider = "acme", Model = FakeChatClient.Model)]
        public Task<ChatResponse> AnswerAsync(string question) => chat.GetResponseAsync(question);
    }

    /// <summary>A client that reports no metadata: neither its provider nor its default model.</summary>
    private sealed class AnonymousClient(IChatClient inner) : DelegatingChatClient(inner)
    {
        public override object? GetService(Type serviceType, object? serviceKey = null)
            => serviceType == typeof(ChatClientMetadata) ? null : base.GetService(serviceType, serviceKey);
    }

    public sealed class Assistant(IChatClient chat)
    {
        [LlmCall(Provider = FakeChatClient.Provider, Model = FakeChatClient.Model)]
        public Task<ChatResponse> AnswerAsync(string question) => chat.GetResponseAsync(question);
    }
}
