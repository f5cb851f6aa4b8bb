using System.Globalization;
using System.Text.Json;
using AgentFlow.Nodes;
using AgentFlow.Reporting;
using AgentFlow.Services;
using NumAgents.Core;
using NumAgents.Instrumentation;

// The README's main job: an agent answers a question in four instrumented steps (retrieve -> plan ->
// call a tool that fails once and is retried -> answer). Every node and two service methods carry
// [Traced], [Timed] and [Counted]; the source generator compiles them into spans, timers and counters.
// Prints the run's statistics, its trace as a tree, the Prometheus text, and writes the Jaeger JSON.
var jaegerPath = Path.GetFullPath(args.Length > 0 ? args[0] : Path.Combine("artifacts", "agentflow-trace.json"));
using var monitor = new AgentMonitor(new MonitorOptions { ServiceName = "agent_flow", EnableLogging = false });

// A first run on a throwaway monitor pays for JIT compilation, so the trace below shows what a run
// of a warm agent costs; the flow, its nodes and its tools are new for each run. It runs before OTLP
// export starts, so a collector receives the one real run only.
using (var warmUp = new AgentMonitor(new MonitorOptions { ServiceName = "agent_flow_warm_up", EnableLogging = false }))
{
    await CreateFlow(warmUp).ExecuteAsync([new("question", "Is it sunny in Lyon?")]);
}

// With OTEL_EXPORTER_OTLP_ENDPOINT set, the same spans and metrics also go to that OTLP collector.
using var otlp = OtlpExport.StartIfConfigured(monitor.ServiceName);

var result = await CreateFlow(monitor).ExecuteAsync([new("question", "Should I bring an umbrella in Paris tomorrow?")]);

Console.WriteLine("== Run");
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"flow {result.FlowName}: {(result.Succeeded ? "succeeded" : "failed")} in {result.Duration.TotalMilliseconds:F1} ms; nodes {string.Join(" -> ", result.NodesExecuted)}"));
Console.WriteLine("answer: " + result["answer"]["answer"]);

Console.WriteLine();
Console.WriteLine("== Statistics");
var statistics = monitor.GetStatistics();
foreach (var (key, value) in statistics.ToDictionary())
{
    Console.WriteLine($"{key,-24}{value}");
}

Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{"tool calls (failed)",-24}{monitor.Metrics.GetCounterValue("tool.calls", [("class", "WeatherTool"), ("method", "CallAsync"), ("tool", "weather_api"), ("outcome", "failure"), ("error_type", "TimeoutException")])}"));
var searches = monitor.Metrics.GetHistogramStats("knowledge.search.duration", [("class", "KnowledgeBase"), ("method", "SearchAsync"), ("index", "weather")]);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{"search time",-24}count {searches.Count}, avg {searches.Avg:F2} ms, p99 {searches.P99:F2} ms"));

var traceId = result.Execution.TraceId ?? throw new InvalidOperationException("The flow ran without a trace.");
Console.WriteLine();
Console.WriteLine($"== Trace {traceId}");
Console.Write(TraceTree.Render(monitor.Tracer.GetTraceSpans(traceId)));

Console.WriteLine();
Console.WriteLine("== Prometheus");
Console.Write(monitor.Metrics.ExportPrometheus());

Directory.CreateDirectory(Path.GetDirectoryName(jaegerPath)!);
var jaeger = monitor.Tracer.ExportJaeger(traceId);
await File.WriteAllTextAsync(jaegerPath, jaeger.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
Console.WriteLine();
Console.WriteLine("== Jaeger");
Console.WriteLine($"wrote trace {traceId} ({monitor.Tracer.GetTraceSpans(traceId).Count} spans) to {jaegerPath}");
Console.WriteLine("open it in the Jaeger UI: Search -> Upload (JSON File)");
return result.Succeeded ? 0 : 1;

// retrieve -> plan -> call a tool that times out once and is retried -> answer.
static Flow CreateFlow(AgentMonitor monitor) => new(
    [
        new RetrieveNode(new KnowledgeBase()),
        new PlanNode { Model = "planner-small" },
        new ToolCallNode(new WeatherTool(failuresBeforeSuccess: 1)) { MaxRetries = 2, RetryDelay = TimeSpan.FromMilliseconds(25) },
        new AnswerNode(),
    ],
    name: "weather_agent")
{
    Monitor = monitor,
};
