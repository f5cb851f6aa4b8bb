
namespace OpenTelemetry.Trace;

/// <summary>Subscribes an OpenTelemetry tracer provider to NumAgents spans.</summary>
public static class NumAgentsTracerProviderBuilderExtensions
{
    /// <summary>
    /// Receives every NumAgents span as an <see cref="System.Diagnostics.Activity"/> with the same trace
    /// and span ids, parent, kind, attributes, events and status, so spans reach any OpenTelemetry
    /// exporter (OTLP, Jaeger, Zipkin...). While no provider listens, spans publish nothing.
    /// </summary>
    /// <param name="builder">The tracer provider builder.</param>
    public static TracerProviderBuilder AddNumAgentsInstrumentation(this TracerProviderBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddSource(NumAgents.Instrumentation.Tracer.ActivitySourceName);
    }
}
