using System.Diagnostics;
using BenchmarkDotNet.Attributes;

namespace NumAgents.Instrumentation.Benchmarks.Tracing;

/// <summary>
/// Spans inside a trace that sampling dropped (issue 3: at most 20 ns and 0 B per span). Each invocation
/// starts one sampled-out root and <see cref="Children"/> child spans under it; the cost is reported per
/// child (the root, one per 1,024 children, is included). The peers drop spans the way they do: a listener
/// answering <see cref="ActivitySamplingResult.None"/>, OpenTelemetry's AlwaysOff sampler. Ours still
/// propagates the trace id with the sampled flag off.
/// </summary>
/// <remarks>
/// The root is started inside the benchmark because BenchmarkDotNet runs setup methods in their own
/// execution context, so an async-local current span set there would not reach the iterations.
/// </remarks>
[MemoryDiagnoser]
public class SampledOutSpanBenchmarks
{
    private const int Children = 1024;
    private TracingPeers _peers = null!;
    private Tracer _tracer = null!;

    [GlobalSetup]
    public void Setup()
    {
        _peers = new TracingPeers(sampled: false);
        _tracer = new Tracer(new TracingOptions { ServiceName = "bench", SamplingRatio = 0 });
    }

    [GlobalCleanup]
    public void Cleanup() => _peers.Dispose();

    [Benchmark(Baseline = true, OperationsPerInvoke = Children)]
    public void Activity_sampled_out()
    {
        using var root = _peers.ActivitySource.StartActivity("request");
        for (var i = 0; i < Children; i++)
        {
            using var activity = _peers.ActivitySource.StartActivity("child");
        }
    }

    [Benchmark(OperationsPerInvoke = Children)]
    public void OpenTelemetry_sampled_out()
    {
        using var root = _peers.OpenTelemetrySource.StartActivity("request");
        for (var i = 0; i < Children; i++)
        {
            using var activity = _peers.OpenTelemetrySource.StartActivity("child");
        }
    }

    [Benchmark(OperationsPerInvoke = Children)]
    public void NumAgents_sampled_out()
    {
        using var root = _tracer.Span("request");
        for (var i = 0; i < Children; i++)
        {
            using var span = _tracer.Span("child");
        }
    }

    [Benchmark(OperationsPerInvoke = Children)]
    public void NumAgents_sampled_out_generated_shape()
    {
        using var root = _tracer.Span("request");
        for (var i = 0; i < Children; i++)
        {
            var span = _tracer.StartGenerated("node.Load", i);
            span.SetAttribute("node", "Load");
            span.EndAt(SpanStatus.Ok, i + 1);
        }
    }
}
