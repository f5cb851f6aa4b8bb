namespace NumAgents.Instrumentation;

/// <summary>The exposition formats a Prometheus scrape can be answered in.</summary>
public enum PrometheusFormat
{
    /// <summary>The text format 0.0.4 (<c>text/plain; version=0.0.4</c>), the default and what every scraper reads.</summary>
    Text,

    /// <summary>
    /// OpenMetrics 1.0.0 (<c>application/openmetrics-text; version=1.0.0</c>), which Prometheus asks for first:
    /// it adds <c># UNIT</c>, <c>_created</c>, <c># EOF</c> and exemplars that link samples to traces.
    /// </summary>
    OpenMetrics,
}
