using System.Diagnostics;
using System.Diagnostics.Metrics;
using BenchmarkDotNet.Attributes;
using NumAgents.Instrumentation.Benchmarks.Generated;

namespace NumAgents.Instrumentation.Benchmarks.GenAI;

/// <summary>
/// What reading an LLM call's token usage costs: a generated <c>[LlmCall]</c> method (span with the
/// conventions' attributes, usage and cost on the span, two token histogram observations, the duration
/// histogram, the cost counter and the monitor's totals) against the same call whose result reports no usage
/// (what reading and recording the usage adds: the budget), the same method with <c>[Traced]</c> only,
/// and OpenTelemetry by hand doing what Microsoft.Extensions.AI's <c>UseOpenTelemetry()</c> does
/// for one call (an <c>Activity</c> with the same tags and the two histograms). The model's "work" returns a
/// constant, so what is measured is the instrumentation.
/// </summary>
[MemoryDiagnoser]
public class GenAIUsageBenchmarks
{
    private static readonly TokenUsage Usage = new(InputTokens: 120, OutputTokens: 40);

    private AgentMonitor _monitor = null!;
    private MonitorScope _scope;
    private OpenTelemetryPeer _openTelemetry = null!;
    private Histogram<int> _tokenUsage = null!;
    private Histogram<double> _operationDuration = null!;
    private ScriptedModel _model = null!;

    [GlobalSetup]
    public void Setup()
    {
        _monitor = new AgentMonitor(new MonitorOptions
        {
            ServiceName = "bench",
            EnableLogging = false,
            ModelPrices = { ["bench-model"] = new ModelPrice { InputPerMillion = 3, OutputPerMillion = 15 } },
        });
        _scope = AgentMonitor.Use(_monitor);
        _openTelemetry = new OpenTelemetryPeer();
        _tokenUsage = _openTelemetry.Meter.CreateHistogram<int>("gen_ai.client.token.usage", "{token}");
        _operationDuration = _openTelemetry.Meter.CreateHistogram<double>("gen_ai.client.operation.duration", "s");
        _model = new ScriptedModel();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        var calls = _monitor.GetStatistics().LlmCalls;
        _scope.Dispose();
        _openTelemetry.Dispose();
        _monitor.Dispose();
        if (calls == 0) throw new InvalidOperationException("The generated [LlmCall] interceptor recorded no call: the ambient monitor did not reach the benchmark.");
    }

    [Benchmark(Baseline = true)]
    public TokenUsage OpenTelemetry_by_hand()
    {
        var start = Stopwatch.GetTimestamp();
        using var activity = _openTelemetry.Source.StartActivity("chat bench-model", ActivityKind.Client);
        var usage = _model.Complete();
        if (activity is not null)
        {
            activity.SetTag("gen_ai.operation.name", "chat");
            activity.SetTag("gen_ai.provider.name", "bench");
            activity.SetTag("gen_ai.request.model", "bench-model");
            activity.SetTag("gen_ai.usage.input_tokens", usage.InputTokens);
            activity.SetTag("gen_ai.usage.output_tokens", usage.OutputTokens);
        }

        TagList tags = default;
        tags.Add("gen_ai.operation.name", "chat");
        tags.Add("gen_ai.provider.name", "bench");
        tags.Add("gen_ai.request.model", "bench-model");
        _operationDuration.Record(Stopwatch.GetElapsedTime(start).TotalSeconds, tags);
        tags.Add("gen_ai.token.type", "input");
        _tokenUsage.Record((int)usage.InputTokens, tags);
        tags[3] = new("gen_ai.token.type", "output");
        _tokenUsage.Record((int)usage.OutputTokens, tags);
        return usage;
    }

    [Benchmark]
    public TokenUsage? LlmCall_generated() => _model.CompleteAsLlmCall();

    [Benchmark]
    public TokenUsage? LlmCall_generated_result_without_usage() => _model.CompleteWithoutUsage();

    [Benchmark]
    public TokenUsage Traced_generated() => _model.CompleteTraced();

    /// <summary>A model client whose calls return a constant usage.</summary>
    public sealed class ScriptedModel
    {
        public TokenUsage Complete() => Usage;

        [LlmCall(Provider = "bench", Model = "bench-model")]
        public TokenUsage? CompleteAsLlmCall() => Usage;

        [LlmCall(Provider = "bench", Model = "bench-model")]
        public TokenUsage? CompleteWithoutUsage() => null;

        [Traced]
        public TokenUsage CompleteTraced() => Usage;
    }
}
