namespace NumAgents.Instrumentation;

/// <summary>How a collector's metrics are written for Prometheus: the format and the naming.</summary>
public sealed record PrometheusExportOptions
{
    /// <summary>The text format 0.0.4 with conventional names: what <c>ExportPrometheus()</c> writes.</summary>
    public static PrometheusExportOptions Default { get; } = new();

    /// <summary>The exposition format. Default <see cref="PrometheusFormat.Text"/>.</summary>
    public PrometheusFormat Format { get; init; } = PrometheusFormat.Text;

    /// <summary>How names and units are written. Default <see cref="PrometheusNaming.Conventional"/>.</summary>
    public PrometheusNaming Naming { get; init; } = PrometheusNaming.Conventional;

    /// <summary>The HTTP <c>Content-Type</c> of an exposition in <see cref="Format"/>.</summary>
    public string ContentType => PrometheusContentNegotiation.ContentTypeOf(Format);
}
