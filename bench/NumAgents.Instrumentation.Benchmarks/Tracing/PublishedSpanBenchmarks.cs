using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace NumAgents.Instrumentation.Benchmarks.Tracing;

/// <summary>
/// The production setup with OTLP: an OpenTelemetry SDK <c>TracerProvider</c> that listens both to an
/// application's own source and to ours (<c>AddNumAgentsInstrumentation()</c>). Our span is then the SDK's
/// <see cref="Activity"/>; issue 11's target is at most 1.0x the time and bytes of the SDK's own activity
/// for the same work (stretch 0.8x).
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class PublishedSpanBenchmarks
{
    private ActivitySource _source = null!;
    private TracerProvider _provider = null!;
    private Tracer _tracer = null!;

    [GlobalSetup]
    public void Setup()
    {
        _source = new ActivitySource("bench.published." + Guid.NewGuid().ToString("N"));
        _provider = Sdk.CreateTracerProviderBuilder()
            .AddSource(_source.Name)
            .AddSource(Tracer.ActivitySourceName)
            .SetSampler(new AlwaysOnSampler())
            .AddProcessor(new NoopProcessor())
            .Build()!;
        _tracer = new Tracer(new TracingOptions { ServiceName = "bench" });
        using var probe = _tracer.Span("probe");
        if (System.Diagnostics.Activity.Current?.Source.Name != Tracer.ActivitySourceName) throw new InvalidOperationException("Our span was not published to the SDK.");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _provider.Dispose();
        _source.Dispose();
    }

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("root span")]
    public void OpenTelemetry_root_span()
    {
        using var activity = _source.StartActivity("root");
    }

    [Benchmark]
    [BenchmarkCategory("root span")]
    public void NumAgents_root_span()
    {
        using var span = _tracer.Span("root");
    }

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("2 attributes + 1 event")]
    public void OpenTelemetry_attributes_and_event()
    {
        using var activity = _source.StartActivity("work")!;
        activity.SetTag("http.method", "GET");
        activity.SetTag("http.status_code", 200L);
        activity.AddEvent(new ActivityEvent("cache_miss"));
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

    private sealed class NoopProcessor : BaseProcessor<System.Diagnostics.Activity>
    {
    }
}
