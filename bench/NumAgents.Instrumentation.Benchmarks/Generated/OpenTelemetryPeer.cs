using System.Diagnostics;
using System.Diagnostics.Metrics;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace NumAgents.Instrumentation.Benchmarks.Generated;

/// <summary>
/// OpenTelemetry .NET set up as an application would: an ActivitySource sampled by an SDK tracer
/// provider (always on, spans handed to a processor that drops them, as our bounded store does with old
/// spans) and a Meter aggregated by an SDK meter provider with a reader.
/// </summary>
public sealed class OpenTelemetryPeer : IDisposable
{
    private readonly TracerProvider _tracerProvider;
    private readonly MeterProvider _meterProvider;
    private readonly List<OpenTelemetry.Metrics.Metric> _exported = [];

    public OpenTelemetryPeer()
    {
        var name = "bench.generated." + Guid.NewGuid().ToString("N");
        Source = new ActivitySource(name);
        Meter = new Meter(name);
        _tracerProvider = Sdk.CreateTracerProviderBuilder()
            .AddSource(name)
            .SetSampler(new AlwaysOnSampler())
            .AddProcessor(new DroppingProcessor())
            .Build()!;
        _meterProvider = Sdk.CreateMeterProviderBuilder()
            .AddMeter(name)
            .AddInMemoryExporter(_exported)
            .Build()!;
    }

    public ActivitySource Source { get; }

    public Meter Meter { get; }

    public void Dispose()
    {
        _tracerProvider.Dispose();
        _meterProvider.Dispose();
        Source.Dispose();
        Meter.Dispose();
    }

    private sealed class DroppingProcessor : BaseProcessor<Activity>
    {
    }
}
