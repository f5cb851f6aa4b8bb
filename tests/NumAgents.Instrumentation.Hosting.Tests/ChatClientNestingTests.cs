using System.Diagnostics;
using Microsoft.Extensions.AI;
using NumAgents.Instrumentation.Hosting.Tests.App;

namespace NumAgents.Instrumentation.Hosting.Tests;

/// <summary>
/// Microsoft.Extensions.AI's own telemetry (<c>UseOpenTelemetry()</c> and function invocation) joins the
/// monitor's trace with no OpenTelemetry SDK (issue 11): <c>orchestrate_tools</c>, <c>chat</c> and
/// <c>execute_tool</c> nest under the node's span in <c>GetTraceSpans</c> and the Jaeger export, and a
/// traced method called by the tool is a child of <c>execute_tool</c>.
/// </summary>
public sealed class ChatClientNestingTests
{
    [Fact]
    public async Task Chat_and_tool_activities_nest_under_the_node_span_and_our_method_under_execute_tool()
    {
        var monitor = new AgentMonitor(new MonitorOptions { ServiceName = "chat_nesting", EnableLogging = false });

        // The monitor generated code records into, as a flow or a host makes it for its nodes.
        using var scope = AgentMonitor.Use(monitor);
        using var client = new ChatClientBuilder(new ScriptedChatClient())
            .UseFunctionInvocation()
            .UseOpenTelemetry()
            .Build();
        var options = new ChatOptions { Tools = [AIFunctionFactory.Create((string city) => WeatherTools.Forecast(city), "get_weather")] };

        string traceId;
        using (var node = monitor.Tracer.Span("node.answer"))
        {
            traceId = node.TraceId;
            var response = await client.GetResponseAsync("Weather in Paris?", options);
            Assert.Equal("Forecast: Paris: rain", response.Text);
        }

        var spans = monitor.Tracer.GetTraceSpans(traceId);
        var byId = spans.ToDictionary(s => s.SpanId);
        string Path(Span span) => span.ParentSpanId is { } parent && byId.TryGetValue(parent, out var up) ? Path(up) + " > " + span.Name : span.Name;
        var paths = spans.Select(Path).ToList();
        Assert.Contains("node.answer > orchestrate_tools", paths);
        Assert.Contains("node.answer > orchestrate_tools > chat scripted-1", paths);
        Assert.Contains("node.answer > orchestrate_tools > execute_tool get_weather", paths);
        Assert.Contains("node.answer > orchestrate_tools > execute_tool get_weather > weather.lookup", paths);
        var chat = spans.First(s => s.Name == "chat scripted-1");
        Assert.Equal("chat", chat.Attributes["gen_ai.operation.name"]);
        Assert.Equal(SpanKind.Client, chat.Kind);

        // Both chat calls report usage (41 and 43 input tokens, 7 output each): the node's span sums them
        // once, although function invocation's span reports their sum too.
        var answer = spans.Single(s => s.Name == "node.answer");
        Assert.Equal(84L, answer.Attributes[GenAIConventions.UsageInputTokens]);
        Assert.Equal(14L, answer.Attributes[GenAIConventions.UsageOutputTokens]);
        Assert.Equal(new TokenUsage(84, 14), monitor.GetStatistics().TokenUsage);
        Assert.Equal(2, monitor.GetStatistics().LlmCalls);
        Assert.Contains(monitor.Tracer.ExportJaeger(traceId)["data"]![0]!["spans"]!.AsArray(), s => (string?)s!["operationName"] == "execute_tool get_weather");
        Assert.Null(Activity.Current);
    }
}
