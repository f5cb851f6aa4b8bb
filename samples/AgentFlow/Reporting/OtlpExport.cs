using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace AgentFlow.Reporting;

/// <summary>
/// Sends the run's spans and metrics to an OTLP collector when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is
/// set (the exporter reads that variable and its siblings, such as <c>OTEL_EXPORTER_OTLP_PROTOCOL</c>);
/// does nothing otherwise.
/// </summary>
internal sealed class OtlpExport : IDisposable
{
    private readonly TracerProvider _tracing;
    private readonly MeterProvider _metrics;

    private OtlpExport(string serviceName)
    {
        _tracing = Sdk.CreateTracerProviderBuilder()
            .ConfigureResource(resource => resource.AddService(serviceName))
            .AddNumAgentsInstrumentation()
            .AddOtlpExporter()
            .Build();
        _metrics = Sdk.CreateMeterProviderBuilder()
            .ConfigureResource(resource => resource.AddService(serviceName))
            .AddNumAgentsInstrumentation()
            .AddOtlpExporter()
            .Build();
    }

    public static OtlpExport? StartIfConfigured(string serviceName)
        => string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable("OTEL_EXPORTER_OTLP_ENDPOINT")) ? null : new OtlpExport(serviceName);

    /// <summary>Flushes what is buffered to the collector.</summary>
    public void Dispose()
    {
        _tracing.ForceFlush();
        _metrics.ForceFlush();
        _tracing.Dispose();
        _metrics.Dispose();
    }
}
