using Microsoft.Extensions.AI;

namespace NumAgents.Instrumentation.AI.Tests;

/// <summary>
/// Tools that function invocation calls through delegates get an <c>execute_tool</c> span from
/// <c>WithNumAgentsInstrumentation()</c>, unless Microsoft.Extensions.AI already made one for the call.
/// </summary>
public sealed class ToolTests
{
    [Fact]
    public async Task A_wrapped_tool_records_execute_tool_with_its_name_type_and_call_id()
    {
        using var monitor = TestMonitors.Create(o => o.UseGenAISpanNames = true);
        var tool = AIFunctionFactory.Create((string query) => "ok:" + query, "lookup", "Looks a status up.").WithNumAgentsInstrumentation(monitor);
        using var client = new ChatClientBuilder(new FakeChatClient { CallsTool = true }).UseFunctionInvocation().Build();

        Span node;
        using (node = monitor.Tracer.Span("node.answer"))
        {
            var response = await client.GetResponseAsync("Status?", new ChatOptions { Tools = [tool] });
            Assert.Equal("All clear. ok:status", response.Text);
        }

        var spans = TestMonitors.Trace(monitor, node);
        var execute = Assert.Single(spans, s => s.Name == "execute_tool lookup");
        Assert.Equal("node.answer > execute_tool lookup", TestMonitors.PathOf(spans, execute));
        Assert.Equal(GenAIConventions.ExecuteTool, execute.Attributes[GenAIConventions.OperationName]);
        Assert.Equal("lookup", execute.Attributes[GenAIConventions.ToolName]);
        Assert.Equal("function", execute.Attributes[GenAIConventions.ToolType]);
        Assert.Equal("call_7", execute.Attributes[GenAIConventions.ToolCallId]);
        Assert.Equal("Looks a status up.", execute.Attributes[GenAIConventions.ToolDescription]);
        Assert.Equal(SpanStatus.Ok, execute.Status);
    }

    [Fact]
    public async Task A_failing_tool_ends_its_span_in_error_and_its_exception_passes_unchanged()
    {
        using var monitor = TestMonitors.Create();
        var failure = new TimeoutException("status service timed out");
        var tool = AIFunctionFactory.Create(string (string query) => throw failure, "lookup").WithNumAgentsInstrumentation(monitor);

        Span node;
        using (node = monitor.Tracer.Span("node.answer"))
        {
            var thrown = await Assert.ThrowsAsync<TimeoutException>(async () => await tool.InvokeAsync(new AIFunctionArguments { ["query"] = "x" }));
            Assert.Same(failure, thrown);
        }

        var execute = Assert.Single(TestMonitors.Trace(monitor, node), s => s.Name == "tool.lookup");
        Assert.Equal(SpanStatus.Error, execute.Status);
        Assert.Equal(typeof(TimeoutException).FullName, execute.Attributes[GenAIConventions.ErrorType]);
        var exception = Assert.Single(execute.Events, e => e.Name == "exception");
        Assert.Equal("status service timed out", exception.Attributes["exception.message"]);
    }

    [Fact]
    public async Task Beside_function_invocation_telemetry_a_tool_call_has_one_execute_tool_span()
    {
        using var monitor = TestMonitors.Create();
        var tool = AIFunctionFactory.Create((string query) => "ok:" + query, "lookup").WithNumAgentsInstrumentation(monitor);
        using var client = new ChatClientBuilder(new FakeChatClient { CallsTool = true }).UseFunctionInvocation().UseOpenTelemetry().Build();

        Span node;
        using (node = monitor.Tracer.Span("node.answer"))
        {
            await client.GetResponseAsync("Status?", new ChatOptions { Tools = [tool] });
        }

        var spans = TestMonitors.Trace(monitor, node);
        var execute = Assert.Single(spans, s => s.Attributes.TryGetValue(GenAIConventions.ToolName, out var name) && (string?)name == "lookup");
        Assert.StartsWith("node.answer > orchestrate_tools > execute_tool lookup", TestMonitors.PathOf(spans, execute), StringComparison.Ordinal);
    }

    [Fact]
    public void Wrapping_twice_returns_the_same_wrapper()
    {
        var tool = AIFunctionFactory.Create(() => 1, "one").WithNumAgentsInstrumentation();
        Assert.Same(tool, tool.WithNumAgentsInstrumentation());
    }
}
