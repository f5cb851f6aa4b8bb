using System.Diagnostics.Metrics;
using BenchmarkDotNet.Attributes;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace NumAgents.Instrumentation.Benchmarks.Metrics;

/// <summary>Counter increments: our bound handle against OpenTelemetry's Counter&lt;long&gt; with an SDK MeterProvider listening, and prometheus-net.</summary>
[MemoryDiagnoser]
public class CounterBenchmarks
{
    private MeterProvider _meterProvider = null!;
    private Meter _meter = null!;
    private Counter<long> _otelCounter = null!;
    private CounterHandle _handle = null!;

    [GlobalSetup]
    public void Setup()
    {
        _meter = new Meter("bench.counter." + Guid.NewGuid().ToString("N"));
        _otelCounter = _meter.CreateCounter<long>("requests");
        _meterProvider = Sdk.CreateMeterProviderBuilder().AddMeter(_meter.Name).Build();
        _handle = new MetricsCollector().GetCounter("requests");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _meterProvider.Dispose();
        _meter.Dispose();
    }

    [Benchmark(Baseline = true)]
    public void OpenTelemetry_counter_add() => _otelCounter.Add(1);

    [Benchmark]
    public void NumAgents_handle_add() => _handle.Add(1);
}
