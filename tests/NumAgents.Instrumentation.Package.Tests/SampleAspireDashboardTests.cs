using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using NumAgents.Instrumentation.Package.Tests.Aspire;
using Xunit.Sdk;

namespace NumAgents.Instrumentation.Package.Tests;

/// <summary>
/// The sample's OTLP export read back from a real backend, the Aspire Dashboard, through its HTTP API.
/// The expectations come from the sample's own stdout (its trace id, span count, node order and the
/// trace tree it renders from its in-process tracer), so the test checks that what arrived is what
/// the sample recorded.
/// </summary>
[Trait("Requires", "aspire-dashboard")]
public sealed partial class SampleAspireDashboardTests(AspireDashboardFixture dashboard) : IClassFixture<AspireDashboardFixture>
{
    [Theory]
    [InlineData("grpc")]
    [InlineData("http/protobuf")]
    public async Task The_sample_trace_arrives_whole_with_its_agents_LLM_calls_failed_tool_call_and_linked_log(string protocol)
    {
        var output = await AgentFlowSample.RunAsync(dashboard.OtlpExporterEnvironment(protocol));
        var traceId = Capture(TraceHeader(), output);
        var recorded = int.Parse(Capture(JaegerLine(), output), CultureInfo.InvariantCulture);
        var nodes = Capture(NodesLine(), output).Split(" -> ");

        // The sample's own /metrics text: the conventions' token histogram and the cost counter, per agent node.
        Assert.Contains("gen_ai_client_token_usage_bucket{gen_ai_operation_name=\"chat\",gen_ai_provider_name=\"scripted\",gen_ai_request_model=\"scripted-large\",gen_ai_token_type=\"input\",node=\"plan\"", output, StringComparison.Ordinal);
        Assert.Contains("gen_ai_client_cost_total{currency=\"USD\",gen_ai_request_model=\"scripted-mini\",node=\"answer\"}", output, StringComparison.Ordinal);

        var spans = await dashboard.Telemetry.WaitForTraceAsync(traceId, arrived => arrived.Count >= recorded);

        TelemetrySpan failed;
        try
        {
            failed = AssertWholeTrace(spans, recorded, nodes, SampleTree(output));
        }
        catch (XunitException failure)
        {
            throw new XunitException($"{failure.Message}\n--- the dashboard's spans of trace {traceId} ---{DashboardTelemetryClient.Describe(spans)}\n--- sample output ---\n{output}", failure);
        }

        // The API's error filter finds that call and nothing else of the trace.
        var errors = await dashboard.Telemetry.GetSpansAsync(traceId: traceId, hasError: true);
        Assert.Equal([failed.SpanId], errors.Items.Select(span => span.SpanId));

        // The tool logged its timeout through the monitor: the record is linked to the failed call's span
        // by its own ids, and no trace_id/span_id attribute repeats them.
        var logs = await dashboard.Telemetry.WaitForLogsAsync(traceId, arrived => arrived.Count > 0);
        var log = Assert.Single(logs);
        Assert.Equal("tool call timed out", log.Body);
        Assert.Equal(failed.SpanId, log.SpanId);
        Assert.Equal("get_weather", log.Attribute("tool"));
        Assert.Equal(failed.Attribute("gen_ai.tool.call.id"), log.Attribute("tool_call_id"));
        Assert.Null(log.Attribute("trace_id"));
        Assert.Null(log.Attribute("span_id"));
        Assert.Equal("agent_flow", log.Resource.ServiceName);

        // Metrics have no endpoint: the resource entry of this very process says that some arrived.
        var instance = failed.Resource.ServiceInstanceId;
        var resource = await dashboard.Telemetry.WaitForResourceAsync(
            $"metrics from agent_flow instance {instance}",
            r => r.Name == "agent_flow" && r.InstanceId == instance && r.HasMetrics);
        Assert.True(resource.HasTraces);

        // One flow run is one trace: the warm-up the sample runs before its flow exported nothing.
        // (Filtered here by instance: with two runs in one dashboard, its resource names carry an instance suffix.)
        var spansOfThisRun = await dashboard.Telemetry.GetSpansAsync(limit: 1000);
        Assert.Equal([traceId], spansOfThisRun.Items.Where(span => span.Resource.ServiceInstanceId == instance).Select(span => span.TraceId).Distinct());
    }

    [Fact]
    public async Task A_log_record_sent_to_the_OTLP_HTTP_endpoint_is_read_back_linked_to_its_span()
    {
        // The logs client on its own, with a record posted as OTLP/JSON (the sample's own log is checked above).
        var traceId = ActivityTraceId.CreateRandom().ToHexString();
        var spanId = ActivitySpanId.CreateRandom().ToHexString();
        var time = (DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1_000_000).ToString(CultureInfo.InvariantCulture);
        var record = $$$"""
            {"resourceLogs":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"dashboard_fixture_probe"}}]},
              "scopeLogs":[{"scope":{"name":"probe"},"logRecords":[{"timeUnixNano":"{{{time}}}","severityNumber":17,"severityText":"Error",
                "body":{"stringValue":"tool call failed"},"attributes":[{"key":"tool","value":{"stringValue":"weather_api"}}],
                "traceId":"{{{traceId}}}","spanId":"{{{spanId}}}"}]}]}]}
            """;
        using (var http = new HttpClient())
        using (var content = new StringContent(record, Encoding.UTF8, "application/json"))
        using (var response = await http.PostAsync(new Uri(dashboard.OtlpHttpEndpoint, "v1/logs"), content))
        {
            Assert.True(response.IsSuccessStatusCode, $"POST /v1/logs answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }

        var logs = await dashboard.Telemetry.WaitForLogsAsync(traceId, arrived => arrived.Count > 0);

        var log = Assert.Single(logs);
        Assert.Equal(traceId, log.TraceId);
        Assert.Equal(spanId, log.SpanId);
        Assert.Equal("tool call failed", log.Body);
        Assert.Equal(17, log.SeverityNumber);
        Assert.Equal("weather_api", log.Attribute("tool"));
        Assert.Equal("dashboard_fixture_probe", log.Resource.ServiceName);
        Assert.NotNull(log.Attribute("aspire.log_id"));
        Assert.Contains(await dashboard.Telemetry.GetResourcesAsync(), r => r.Name == "dashboard_fixture_probe" && r.HasLogs && !r.HasTraces);
    }

    /// <returns>The failed tool call.</returns>
    private static TelemetrySpan AssertWholeTrace(IReadOnlyList<TelemetrySpan> spans, int recorded, string[] nodes, string sampleTree)
    {
        // The whole trace and nothing more: every span the sample recorded (Microsoft.Extensions.AI's chat
        // spans included), all from agent_flow, no parent missing from the trace, no attribute key written twice.
        Assert.Equal(recorded, spans.Count);
        Assert.All(spans, span => Assert.Equal("agent_flow", span.Resource.ServiceName));
        Assert.Distinct(spans.Select(span => span.SpanId));
        var ids = spans.Select(span => span.SpanId).ToHashSet();
        Assert.All(spans, span => Assert.True(span.ParentSpanId is null || ids.Contains(span.ParentSpanId), $"{span} has a parent outside the trace"));
        Assert.All(spans, span => Assert.Distinct(span.Attributes.Select(attribute => attribute.Key)));

        // One root, the flow (a workflow in the GenAI conventions); its children are the nodes, in the order they ran.
        var flow = Assert.Single(spans, span => span.ParentSpanId is null);
        Assert.Equal("flow.weather_agent", flow.Name);
        Assert.Equal("weather_agent", flow.Attribute("flow"));
        Assert.Equal("invoke_workflow", flow.Attribute("gen_ai.operation.name"));
        Assert.NotEqual(OtlpStatusCode.Error, flow.StatusCode);
        var nodeSpans = ChildrenOf(flow, spans);
        Assert.Equal(nodes.Select(node => "node." + node), nodeSpans.Select(span => span.Name));

        // Flow > agent node > LLM method > Microsoft.Extensions.AI's chat span, for both LLM calls, with the
        // conventions' attributes; each node's tokens are its call's, the flow's their sum.
        long flowInput = 0;
        foreach (var (node, agent, method, model) in new[] { ("node.plan", "planner", "Assistant.PlanAsync", "scripted-large"), ("node.answer", "writer", "Assistant.AnswerAsync", "scripted-mini") })
        {
            var agentSpan = Assert.Single(nodeSpans, span => span.Name == node);
            Assert.Equal("invoke_agent", agentSpan.Attribute("gen_ai.operation.name"));
            Assert.Equal(agent, agentSpan.Attribute("gen_ai.agent.name"));
            var call = Assert.Single(ChildrenOf(agentSpan, spans));
            Assert.Equal(method, call.Name);
            Assert.Equal(OtlpSpanKind.Client, call.Kind);
            Assert.Equal(model, call.Attribute("gen_ai.request.model"));
            var chat = Assert.Single(ChildrenOf(call, spans));
            Assert.Equal("chat " + model, chat.Name);
            Assert.Equal("Experimental.Microsoft.Extensions.AI", chat.Scope.Name);
            Assert.Equal("chat", chat.Attribute("gen_ai.operation.name"));
            Assert.Equal("scripted", chat.Attribute("gen_ai.provider.name"));
            var input = chat.Attribute("gen_ai.usage.input_tokens");
            Assert.NotNull(input);
            Assert.Equal(input, call.Attribute("gen_ai.usage.input_tokens"));
            Assert.Equal(input, agentSpan.Attribute("gen_ai.usage.input_tokens"));
            Assert.Equal(chat.Attribute("gen_ai.usage.output_tokens"), agentSpan.Attribute("gen_ai.usage.output_tokens"));
            Assert.NotNull(agentSpan.Attribute("gen_ai.usage.cost"));
            flowInput += long.Parse(input, CultureInfo.InvariantCulture);
        }

        Assert.Equal(flowInput.ToString(CultureInfo.InvariantCulture), flow.Attribute("gen_ai.usage.input_tokens"));
        Assert.Equal("USD", flow.Attribute("gen_ai.usage.cost.currency"));

        // The tool timed out once and was retried: two calls under node.call_tool, the first failed.
        var callTool = Assert.Single(nodeSpans, span => span.Name == "node.call_tool");
        Assert.Contains(callTool.Events, e => e.Name == "retry");
        var calls = ChildrenOf(callTool, spans);
        Assert.All(calls, call => Assert.Equal("WeatherTool.CallAsync", call.Name));
        Assert.All(calls, call => Assert.Equal("execute_tool", call.Attribute("gen_ai.operation.name")));
        var failed = Assert.Single(calls, call => call.StatusCode == OtlpStatusCode.Error);
        var retried = Assert.Single(calls, call => call.StatusCode != OtlpStatusCode.Error);
        Assert.True(failed.EndTimeUnixNano <= retried.StartTimeUnixNano, "the failed call should end before the retry starts");
        Assert.Contains("TimeoutException", failed.StatusMessage, StringComparison.Ordinal);
        Assert.Equal("get_weather", failed.Attribute("tool"));
        Assert.Equal("get_weather", failed.Attribute("gen_ai.tool.name"));
        Assert.StartsWith("call_", failed.Attribute("gen_ai.tool.call.id"), StringComparison.Ordinal);
        Assert.Equal("System.TimeoutException", failed.Attribute("error.type"));
        Assert.Equal("System.TimeoutException", Assert.Single(failed.Events, e => e.Name == "exception").Attribute("exception.type"));

        // The dashboard's tree is the one the sample printed from its own tracer.
        Assert.Equal(sampleTree, Tree(spans));
        return failed;
    }

    private static List<TelemetrySpan> ChildrenOf(TelemetrySpan parent, IReadOnlyList<TelemetrySpan> spans)
        => spans.Where(span => span.ParentSpanId == parent.SpanId).OrderBy(span => span.StartTimeUnixNano).ToList();

    /// <summary>The spans as an indented tree of names, children by start time, as the sample's TraceTree orders them.</summary>
    private static string Tree(IReadOnlyList<TelemetrySpan> spans)
    {
        var builder = new StringBuilder();
        foreach (var root in spans.Where(span => span.ParentSpanId is null).OrderBy(span => span.StartTimeUnixNano)) Write(root, 0);
        return builder.ToString();

        void Write(TelemetrySpan span, int depth)
        {
            builder.Append(' ', depth * 2).AppendLine(span.Name);
            foreach (var child in ChildrenOf(span, spans)) Write(child, depth + 1);
        }
    }

    /// <summary>
    /// The names and depths of the "== Trace" block the sample prints: a span line is its indent (two
    /// spaces a level) and its name (which may hold single spaces: <c>chat scripted-large</c>), then at least
    /// two spaces and figures; event lines ("* retry at ...") are left out.
    /// </summary>
    private static string SampleTree(string output)
    {
        var lines = output.Split('\n').Select(line => line.TrimEnd('\r')).SkipWhile(line => !TraceHeader().IsMatch(line)).Skip(1).TakeWhile(line => line.Length > 0);
        var builder = new StringBuilder();
        foreach (var line in lines)
        {
            var text = line.TrimStart(' ');
            if (text.StartsWith("* ", StringComparison.Ordinal)) continue;
            builder.Append(' ', line.Length - text.Length).AppendLine(text.Split("  ", 2)[0]);
        }

        Assert.True(builder.Length > 0, "the sample printed no trace tree:\n" + output);
        return builder.ToString();
    }

    private static string Capture(Regex pattern, string output)
    {
        var match = pattern.Match(output);
        Assert.True(match.Success, $"the sample's output has no line matching {pattern}:\n{output}");
        return match.Groups["value"].Value;
    }

    [GeneratedRegex(@"^== Trace (?<value>[0-9a-f]{32})\r?$", RegexOptions.Multiline)]
    private static partial Regex TraceHeader();

    [GeneratedRegex(@"^wrote trace [0-9a-f]{32} \((?<value>\d+) spans\)", RegexOptions.Multiline)]
    private static partial Regex JaegerLine();

    [GeneratedRegex(@"; nodes (?<value>\S+(?: -> \S+)*)\r?$", RegexOptions.Multiline)]
    private static partial Regex NodesLine();
}
