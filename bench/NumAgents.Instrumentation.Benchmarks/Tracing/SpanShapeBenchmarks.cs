using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;

namespace NumAgents.Instrumentation.Benchmarks.Tracing;

/// <summary>
/// A span with two attributes and one event, and two nested spans (issue 3: at most 0.5x Activity's
/// time). Each category has Activity as its baseline.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class SpanShapeBenchmarks
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
    [BenchmarkCategory("2 attributes + 1 event")]
    public void Activity_attributes_and_event()
    {
        using var activity = _peers.ActivitySource.StartActivity("work")!;
        activity.SetTag("http.method", "GET");
        activity.SetTag("http.status_code", 200L);
        activity.AddEvent(new System.Diagnostics.ActivityEvent("cache_miss"));
    }

    [Benchmark]
    [BenchmarkCategory("2 attributes + 1 event")]
    public void OpenTelemetry_attributes_and_event()
    {
        using var activity = _peers.OpenTelemetrySource.StartActivity("work")!;
        activity.SetTag("http.method", "GET");
        activity.SetTag("http.status_code", 200L);
        activity.AddEvent(new System.Diagnostics.ActivityEvent("cache_miss"));
    }

    [Benchmark]
    [BenchmarkCategory("2 attributes + 1 event")]
    public void NumAgents_attributes_and_event()
    {
        using var span = _tracer.Span("work");
        span.SetAttribute("http.method", "GET");
        span.SetAttribute("http.status_code", 200L);
        span.AddEvent("cache_miss");
    }

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("two nested spans")]
    public void Activity_nested()
    {
        using var outer = _peers.ActivitySource.StartActivity("outer");
        using var inner = _peers.ActivitySource.StartActivity("inner");
    }

    [Benchmark]
    [BenchmarkCategory("two nested spans")]
    public void OpenTelemetry_nested()
    {
        using var outer = _peers.OpenTelemetrySource.StartActivity("outer");
        using var inner = _peers.OpenTelemetrySource.StartActivity("inner");
    }

    [Benchmark]
    [BenchmarkCategory("two nested spans")]
    public void NumAgents_nested()
    {
        using var outer = _tracer.Span("outer");
        using var inner = _tracer.Span("inner");
    }
}
