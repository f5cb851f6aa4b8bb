using System.Buffers;
using NumAgents.Instrumentation.Metrics.Views;

namespace NumAgents.Instrumentation.Export.Prometheus;

/// <summary>
/// Writes a whole exposition of a collector's families (read through the metrics views, never its
/// internals) in the chosen format and naming, and closes it: OpenMetrics' <c># EOF</c>, and a new exemplar
/// window once exemplars have been written, so the next scrape carries fresh ones.
/// </summary>
internal static class PrometheusExposition
{
    /// <summary>Bucket counts up to this many bounds are copied on the stack.</summary>
    public const int StackBuckets = 64;

    public static void Write(MetricsCollector metrics, PrometheusExportOptions options, IBufferWriter<byte> output)
    {
        var families = metrics.ReadFamilies();
        Span<long> scratch = stackalloc long[StackBuckets];
        for (var i = 0; i < families.Count; i++)
        {
            WriteFamily(families[i], options, output, scratch);
        }

        End(metrics, options, output);
    }

    public static void WriteFamily(MetricFamilyView family, PrometheusExportOptions options, IBufferWriter<byte> output, Span<long> scratch)
    {
        var conventional = options.Naming == PrometheusNaming.Conventional;
        if (options.Format == PrometheusFormat.OpenMetrics)
        {
            OpenMetricsWriter.WriteFamily(family, conventional, output, scratch);
        }
        else
        {
            PrometheusTextWriter.WriteFamily(family, conventional, output, scratch);
        }
    }

    /// <summary>The end of a written exposition.</summary>
    public static void End(MetricsCollector metrics, PrometheusExportOptions options, IBufferWriter<byte> output)
    {
        if (options.Format != PrometheusFormat.OpenMetrics) return;
        PrometheusSampleWriter.Append(output, "# EOF\n"u8);
        metrics.StartNextExemplarWindow();
    }
}
