using System.Text;
using NumAgents.Instrumentation.Export;
using NumAgents.Instrumentation.Export.Prometheus;

namespace NumAgents.Instrumentation;

/// <summary>
/// Prometheus exposition of a <see cref="MetricsCollector"/>: the text format 0.0.4 or OpenMetrics 1.0.0,
/// with conventional or legacy names. Export failures are contained: a failing stream is counted among
/// the collector's export errors (a monitor's <c>ExportErrors</c>) and reported on the
/// <c>NumAgents-Instrumentation</c> event source, never thrown.
/// </summary>
public static class PrometheusExportExtensions
{
    private const string Format = "prometheus";

    /// <summary>The metrics in the text exposition format 0.0.4 with conventional names.</summary>
    /// <param name="metrics">The collector.</param>
    public static string ExportPrometheus(this MetricsCollector metrics) => metrics.ExportPrometheus(PrometheusExportOptions.Default);

    /// <summary>The metrics in the format and naming of <paramref name="options"/>.</summary>
    /// <param name="metrics">The collector.</param>
    /// <param name="options">Format and naming.</param>
    public static string ExportPrometheus(this MetricsCollector metrics, PrometheusExportOptions options)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentNullException.ThrowIfNull(options);
        using var buffer = new PooledBufferWriter();
        try
        {
            PrometheusExposition.Write(metrics, options, buffer);
        }
        catch (Exception exception)
        {
            metrics.ReportExportFailure(Format, exception);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>
    /// Streams the metrics in the text format 0.0.4 with conventional names to <paramref name="stream"/>
    /// through a pooled buffer. A failing stream is contained and counted, never thrown.
    /// </summary>
    /// <param name="metrics">The collector.</param>
    /// <param name="stream">A writable stream.</param>
    /// <returns><see langword="true"/> when everything was written.</returns>
    public static bool WritePrometheus(this MetricsCollector metrics, Stream stream) => metrics.WritePrometheus(stream, PrometheusExportOptions.Default);

    /// <summary>Streams the metrics in the format and naming of <paramref name="options"/> (see <see cref="WritePrometheus(MetricsCollector, Stream)"/>).</summary>
    /// <param name="metrics">The collector.</param>
    /// <param name="stream">A writable stream.</param>
    /// <param name="options">Format and naming.</param>
    /// <returns><see langword="true"/> when everything was written.</returns>
    public static bool WritePrometheus(this MetricsCollector metrics, Stream stream, PrometheusExportOptions options)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(options);
        try
        {
            using var output = new StreamBufferWriter(stream);
            PrometheusExposition.Write(metrics, options, output);
            output.Flush();
            return true;
        }
        catch (Exception exception)
        {
            metrics.ReportExportFailure(Format, exception);
            return false;
        }
    }

    /// <summary>
    /// Streams the metrics in the text format 0.0.4 with conventional names without synchronous I/O (ASP.NET
    /// Core forbids it), a batch of families at a time through a pooled buffer. A failing stream is counted;
    /// cancellation is the only exception that escapes.
    /// </summary>
    /// <param name="metrics">The collector.</param>
    /// <param name="stream">A writable stream.</param>
    /// <param name="cancellationToken">Stops the export between batches.</param>
    /// <returns><see langword="true"/> when everything was written.</returns>
    public static Task<bool> WritePrometheusAsync(this MetricsCollector metrics, Stream stream, CancellationToken cancellationToken = default)
        => metrics.WritePrometheusAsync(stream, PrometheusExportOptions.Default, cancellationToken);

    /// <summary>Streams the metrics in the format and naming of <paramref name="options"/> without synchronous I/O (see <see cref="WritePrometheusAsync(MetricsCollector, Stream, CancellationToken)"/>).</summary>
    /// <param name="metrics">The collector.</param>
    /// <param name="stream">A writable stream.</param>
    /// <param name="options">Format and naming.</param>
    /// <param name="cancellationToken">Stops the export between batches.</param>
    /// <returns><see langword="true"/> when everything was written.</returns>
    public static async Task<bool> WritePrometheusAsync(this MetricsCollector metrics, Stream stream, PrometheusExportOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(options);
        const int FlushThreshold = 64 * 1024;
        var families = metrics.ReadFamilies().ToArray();
        var buffer = new PooledBufferWriter();
        var scratch = new long[PrometheusExposition.StackBuckets];
        try
        {
            for (var i = 0; i < families.Length; i++)
            {
                PrometheusExposition.WriteFamily(families[i], options, buffer, scratch);
                if (buffer.WrittenCount >= FlushThreshold)
                {
                    await stream.WriteAsync(buffer.WrittenMemory, cancellationToken).ConfigureAwait(false);
                    buffer.Reset();
                }
            }

            PrometheusExposition.End(metrics, options, buffer);
            if (buffer.WrittenCount > 0) await stream.WriteAsync(buffer.WrittenMemory, cancellationToken).ConfigureAwait(false);
            await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            metrics.ReportExportFailure(Format, exception);
            return false;
        }
        finally
        {
            buffer.Dispose();
        }
    }
}
