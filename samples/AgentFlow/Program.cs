using System.Globalization;
using NumAgents.Instrumentation;

// A small agent loop recorded with the metrics API; the generator issue turns this into an
// attribute-instrumented flow.
var monitor = new AgentMonitor(serviceName: "agent_flow_sample");
var metrics = monitor.Metrics;
var toolCalls = metrics.GetCounter("agent.tool.calls", [("tool", "search")], "Tool invocations by tool");
var random = new Random(2026);

for (var turn = 0; turn < 200; turn++)
{
    using (metrics.Timer("agent.step.duration", [("step", "plan")], "Time spent per agent step, ms"))
    {
        Thread.SpinWait(2_000 + random.Next(20_000));
    }

    toolCalls.Increment();
    var outcome = random.NextDouble() < 0.1 ? "failure" : "success";
    metrics.Counter("agent.turns", labels: [("outcome", outcome)], description: "Agent turns by outcome");
    metrics.Histogram("agent.tokens", 200 + random.Next(1800), description: "Tokens per turn");
}

metrics.Gauge("agent.memory.items", 42, description: "Items in the agent's working memory");

var stats = monitor.GetStatistics();
Console.WriteLine($"service {stats.ServiceName}: {stats.MetricsCount} series");
var tokens = metrics.GetHistogramStats("agent.tokens");
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"tokens per turn: count {tokens.Count}, avg {tokens.Avg:F1}, p50 {tokens.P50}, p95 {tokens.P95}, p99 {tokens.P99}"));
Console.WriteLine();
Console.Write(metrics.ExportPrometheus());
