using System.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace NumAgents.Instrumentation.Benchmarks.Tracing;

/// <summary>
/// The two peers every tracing benchmark runs against: a bare <see cref="ActivitySource"/> with an
/// <see cref="ActivityListener"/> that samples everything, and OpenTelemetry's TracerProvider (always-on
/// sampler) with a processor that does nothing, each on its own source so they never see each other.
/// </summary>
internal sealed class TracingPeers : IDisposable
{
    private readonly ActivityListener _listener;
    private readonly TracerProvider _openTelemetry;

    public TracingPeers(bool sampled = true)
    {
        var suffix = Guid.NewGuid().ToString("N");
        ActivitySource = new ActivitySource("bench.activity." + suffix);
        OpenTelemetrySource = new ActivitySource("bench.otel." + suffix);
        var samplingResult = sampled ? ActivitySamplingResult.AllDataAndRecorded : ActivitySamplingResult.None;
        _listener = new ActivityListener
        {
            ShouldListenTo = source => ReferenceEquals(source, ActivitySource),
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => samplingResult,
        };
        ActivitySource.AddActivityListener(_listener);
        _openTelemetry = Sdk.CreateTracerProviderBuilder()
            .AddSource(OpenTelemetrySource.Name)
            .SetSampler(sampled ? new AlwaysOnSampler() : new AlwaysOffSampler())
            .AddProcessor(new NoopProcessor())
            .Build()!;
    }

    public ActivitySource ActivitySource { get; }

    public ActivitySource OpenTelemetrySource { get; }

    public void Dispose()
    {
        _openTelemetry.Dispose();
        _listener.Dispose();
        ActivitySource.Dispose();
        OpenTelemetrySource.Dispose();
    }

    private sealed class NoopProcessor : BaseProcessor<Activity>
    {
    }
}
