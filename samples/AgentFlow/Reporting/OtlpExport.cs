using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace AgentFlow.Reporting;

/// <summary>
/// Sends the run's spans, metrics and logs to an OTLP collector when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>
/// is set (the exporter reads that variable and its siblings, such as <c>OTEL_EXPORTER_OTLP_PROTOCOL</c>);
/// does nothing otherwise.
/// </summary>
/// <remarks>
/// Microsoft.Extensions.AI's source is added beside ours, so its <c>chat</c> spans reach the collector
/// nested under the nodes. Its meter is not: the monitor already records <c>gen_ai.client.token.usage</c>
/// and <c>gen_ai.client.operation.duration</c> for every call, with the node as a label.
/// </remarks>
internal sealed class OtlpExport : IDisposable
{
    private readonly TracerProvider _tracing;
    private readonly MeterProvider _metrics;

    private OtlpExport(string serviceName)
    {
        _tracing = Sdk.CreateTracerProviderBuilder()
            .ConfigureResource(resource => resource.AddService(serviceName))
            .AddNumAgentsInstrumentation()
            .AddSource("Experimental.Microsoft.Extensions.AI")
            .AddOtlpExporter()
            .Build();
        _metrics = Sdk.CreateMeterProviderBuilder()
            .ConfigureResource(resource => resource.AddService(serviceName))
            .AddNumAgentsInstrumentation()
            .AddOtlpExporter()
            .Build();
    }

    public static bool IsConfigured => !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable("OTEL_EXPORTER_OTLP_ENDPOINT"));

    public static OtlpExport? StartIfConfigured(string serviceName) => IsConfigured ? new OtlpExport(serviceName) : null;

    /// <summary>
    /// The monitor's logs over OTLP (records linked to their span by the record's own trace and span ids),
    /// or <see langword="null"/> when no collector is configured.
    /// </summary>
    public static ILoggerFactory? CreateLoggerFactory(string serviceName) => IsConfigured
        ? LoggerFactory.Create(logging => logging.AddOpenTelemetry(options =>
        {
            options.SetResourceBuilder(ResourceBuilder.CreateDefault().AddService(serviceName));
            options.AddOtlpExporter();
        }))
        : null;

    /// <summary>Flushes what is buffered to the collector.</summary>
    public void Dispose()
    {
        _tracing.ForceFlush();
        _metrics.ForceFlush();
        _tracing.Dispose();
        _metrics.Dispose();
    }
}
