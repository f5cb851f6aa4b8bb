using NumAgents.Instrumentation;

namespace OpenTelemetry.Metrics;

/// <summary>Subscribes an OpenTelemetry meter provider to NumAgents metrics.</summary>
public static class NumAgentsMeterProviderBuilderExtensions
{
    /// <summary>
    /// Collects every <see cref="MetricsCollector"/>'s counters, gauges, histograms and timers (mirrored
    /// through the <c>NumAgents.Instrumentation</c> meter) with the same names, labels and values.
    /// </summary>
    /// <param name="builder">The meter provider builder.</param>
    public static MeterProviderBuilder AddNumAgentsInstrumentation(this MeterProviderBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddMeter(MetricsCollector.MeterName);
    }
}
