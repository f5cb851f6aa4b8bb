using System.Globalization;
using System.Text.Json;
using AgentFlow.Nodes;
using AgentFlow.Reporting;
using AgentFlow.Services;
using Microsoft.Extensions.AI;
using NumAgents.Core;
using NumAgents.Instrumentation;

// The README's main job: a weather agent answers a question in four instrumented steps. It retrieves
// passages, a planner agent asks a (scripted, offline) LLM which tool to call, the tool times out once
// and is retried, and a writer agent asks the LLM for the answer. The source generator compiles the
// attributes on the nodes and services into spans (in the OpenTelemetry GenAI conventions), timers,
// counters, token usage and cost. Prints the run's statistics, its trace as a tree, the Prometheus text,
// and writes the Jaeger JSON.
var jaegerPath = Path.GetFullPath(args.Length > 0 ? args[0] : Path.Combine("artifacts", "agentflow-trace.json"));
// With a collector configured, the monitor's logs go there too (the tool logs each timeout).
using var logs = OtlpExport.CreateLoggerFactory("agent_flow");
using var monitor = CreateMonitor("agent_flow", logs);

// A first run on a throwaway monitor pays for JIT compilation, so the trace below shows what a run
// of a warm agent costs; the flow, its nodes and its tools are new for each run. It runs before OTLP
// export starts, so a collector receives the one real run only.
using (var warmUp = CreateMonitor("agent_flow_warm_up", logs: null))
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
var statistics = monitor.GetStatistics().ToDictionary();
var width = statistics.Keys.Max(k => k.Length) + 2;
foreach (var (key, value) in statistics)
{
    var shown = value is IReadOnlyDictionary<string, double> costs
        ? string.Join(", ", costs.Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Value:F6} {c.Key}")))
        : Convert.ToString(value, CultureInfo.InvariantCulture);
    Console.WriteLine(key.PadRight(width) + shown);
}

Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{"tool calls (failed)".PadRight(width)}{monitor.Metrics.GetCounterValue("tool.calls", [("class", "WeatherTool"), ("method", "CallAsync"), ("tool", "get_weather"), ("outcome", "failure"), ("error_type", "TimeoutException")])}"));
var searches = monitor.Metrics.GetHistogramStats("knowledge.search.duration", [("class", "KnowledgeBase"), ("method", "SearchAsync"), ("index", "weather")]);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{"search time".PadRight(width)}count {searches.Count}, avg {searches.Avg:F2} ms, p99 {searches.P99:F2} ms"));

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

// What the scripted models cost, per million tokens: the monitor prices every call from this table.
static AgentMonitor CreateMonitor(string serviceName, Microsoft.Extensions.Logging.ILoggerFactory? logs) => new(new MonitorOptions
{
    ServiceName = serviceName,
    EnableLogging = logs is not null,
    LoggerFactory = logs,
    ModelPrices =
    {
        ["scripted-large"] = new ModelPrice { InputPerMillion = 2.50, CachedInputPerMillion = 1.25, OutputPerMillion = 10.00 },
        ["scripted-mini"] = new ModelPrice { InputPerMillion = 0.15, CachedInputPerMillion = 0.075, OutputPerMillion = 0.60 },
    },
});

// retrieve -> plan (LLM) -> call the tool, which times out once and is retried -> answer (LLM).
static Flow CreateFlow(AgentMonitor monitor)
{
    // Microsoft.Extensions.AI's own telemetry makes a `chat` span per call (the monitor collects it, with
    // no OpenTelemetry SDK); the NumAgents middleware inside it records the call into the monitor.
    var chat = new ChatClientBuilder(new ScriptedChatModel()).UseOpenTelemetry().UseNumAgentsInstrumentation(monitor).Build();
    var assistant = new Assistant(chat);
    return new(
        [
            new RetrieveNode(new KnowledgeBase()),
            new PlanNode(assistant),
            new ToolCallNode(new WeatherTool(failuresBeforeSuccess: 1)) { MaxRetries = 2, RetryDelay = TimeSpan.FromMilliseconds(25) },
            new AnswerNode(assistant),
        ],
        name: "weather_agent")
    {
        Monitor = monitor,
    };
}
