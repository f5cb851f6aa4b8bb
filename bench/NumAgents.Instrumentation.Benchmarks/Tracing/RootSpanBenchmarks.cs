using BenchmarkDotNet.Attributes;

namespace NumAgents.Instrumentation.Benchmarks.Tracing;

/// <summary>Start and finish one root span (issue 3: at most 0.45x Activity's time and 0.4x its bytes).</summary>
[MemoryDiagnoser]
public class RootSpanBenchmarks
{
    private TracingPeers _peers = null!;
    private Tracer _tracer = null!;

    [GlobalSetup]
    public void Setup()
    {
        _peers = new TracingPeers();
        _tracer = new Tracer(new TracingOptions { ServiceName = "bench" });
    }

    [GlobalCleanup]
    public void Cleanup() => _peers.Dispose();

    [Benchmark(Baseline = true)]
    public void Activity_root_span()
    {
        using var activity = _peers.ActivitySource.StartActivity("root");
    }

    [Benchmark]
    public void OpenTelemetry_root_span()
    {
        using var activity = _peers.OpenTelemetrySource.StartActivity("root");
    }

    [Benchmark]
    public void NumAgents_root_span()
    {
        using var span = _tracer.Span("root");
    }
}
