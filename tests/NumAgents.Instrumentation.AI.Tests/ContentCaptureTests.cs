using System.Text.Json;
using Microsoft.Extensions.AI;

namespace NumAgents.Instrumentation.AI.Tests;

/// <summary>Prompts and responses are recorded only when asked, redacted, cut to size, and never as labels.</summary>
public sealed class ContentCaptureTests
{
    private const string Prompt = "My card is 4111 1111 1111 1111, what is my balance?";

    [Fact]
    public async Task Content_is_not_captured_by_default()
    {
        using var monitor = TestMonitors.Create();
        var node = await CallAsync(monitor);

        Assert.False(node.Attributes.ContainsKey(GenAIConventions.InputMessages));
        Assert.False(node.Attributes.ContainsKey(GenAIConventions.OutputMessages));
        Assert.DoesNotContain(node.Events.SelectMany(e => e.Attributes.Values), v => v is string s && s.Contains("4111", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Captured_content_is_redacted_and_recorded_as_the_conventions_messages()
    {
        using var monitor = TestMonitors.Create(o =>
        {
            o.CaptureMessageContent = true;
            o.RedactContent = text => System.Text.RegularExpressions.Regex.Replace(text, "[0-9]", "#");
        });
        var node = await CallAsync(monitor);

        using var input = JsonDocument.Parse((string)node.Attributes[GenAIConventions.InputMessages]!);
        var message = input.RootElement[0];
        Assert.Equal("user", message.GetProperty("role").GetString());
        var part = message.GetProperty("parts")[0];
        Assert.Equal("text", part.GetProperty("type").GetString());
        Assert.Equal("My card is #### #### #### ####, what is my balance?", part.GetProperty("content").GetString());

        using var output = JsonDocument.Parse((string)node.Attributes[GenAIConventions.OutputMessages]!);
        Assert.Equal("assistant", output.RootElement[0].GetProperty("role").GetString());
        Assert.Equal("All clear.", output.RootElement[0].GetProperty("parts")[0].GetProperty("content").GetString());

        var labelValues = monitor.Metrics.GetAllMetrics().Values.SelectMany(series => series).SelectMany(s => s.Labels.Values);
        Assert.DoesNotContain(labelValues, v => v.Contains("card", StringComparison.Ordinal) || v.Contains("clear", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(60, 4096)]
    [InlineData(4096, 70)]
    public async Task Captured_content_is_cut_to_the_smaller_limit_and_stays_valid_json(int maxCapturedContentLength, int attributeValueLengthLimit)
    {
        using var monitor = TestMonitors.Create(o =>
        {
            o.CaptureMessageContent = true;
            o.MaxCapturedContentLength = maxCapturedContentLength;
            o.AttributeValueLengthLimit = attributeValueLengthLimit;
        });
        var node = await CallAsync(monitor);

        var json = (string)node.Attributes[GenAIConventions.InputMessages]!;
        Assert.InRange(json.Length, 1, Math.Min(maxCapturedContentLength, attributeValueLengthLimit));
        using var input = JsonDocument.Parse(json);
        var content = input.RootElement[0].GetProperty("parts")[0].GetProperty("content").GetString()!;
        Assert.NotEmpty(content);
        Assert.StartsWith(content, Prompt, StringComparison.Ordinal);
        Assert.True(content.Length < Prompt.Length);
        Assert.Equal(0, monitor.GetStatistics().TruncatedAttributeValues);
    }

    [Fact]
    public void Texts_that_escape_longer_still_fit_and_keep_surrogate_pairs_whole()
    {
        var text = string.Concat(Enumerable.Repeat("\"\U0001F600\n", 40));
        var json = ContentCapture.Serialize([new ChatMessage(ChatRole.User, text)], redact: null, limit: 100);

        Assert.InRange(json.Length, 1, 100);
        var content = JsonDocument.Parse(json).RootElement[0].GetProperty("parts")[0].GetProperty("content").GetString()!;
        Assert.StartsWith(content, text, StringComparison.Ordinal);
        Assert.False(char.IsHighSurrogate(content[^1]));
    }

    [Fact]
    public async Task A_failing_redaction_hook_is_contained_and_counted_and_the_call_succeeds()
    {
        using var monitor = TestMonitors.Create(o =>
        {
            o.CaptureMessageContent = true;
            o.RedactContent = _ => throw new InvalidOperationException("redactor down");
        });

        var node = await CallAsync(monitor);

        Assert.False(node.Attributes.ContainsKey(GenAIConventions.InputMessages));
        Assert.Equal(1, monitor.GetStatistics().InstrumentationErrors);
        Assert.Equal(1, monitor.GetStatistics().LlmCalls);
    }

    private static async Task<Span> CallAsync(AgentMonitor monitor)
    {
        using var client = new ChatClientBuilder(new FakeChatClient()).UseNumAgentsInstrumentation(monitor).Build();
        Span node;
        using (node = monitor.Tracer.Span("node.answer"))
        {
            var response = await client.GetResponseAsync(Prompt);
            Assert.Equal("All clear.", response.Text);
        }

        return node;
    }
}
