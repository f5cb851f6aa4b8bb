using System.Buffers;
using System.Text.Json.Nodes;
using NumAgents.Instrumentation.Export;
using NumAgents.Instrumentation.Export.Jaeger;
using NumAgents.Instrumentation.Tracing;

namespace NumAgents.Instrumentation;

/// <summary>
/// Exports a tracer's retained spans in the Jaeger UI's JSON format, the file the UI loads with
/// <i>Search &gt; Upload</i>: <c>{"data":[{"traceID","spans","processes"}]}</c>, ids in hex, times in
/// microseconds, typed tags, <c>CHILD_OF</c> references, events as logs and the tracer's service name as
/// the process.
/// </summary>
/// <remarks>
/// The export reads a snapshot of the retained (finished) spans: spans that end while it runs are in it
/// or not, never half. A failing stream is contained: it is counted in the monitor's
/// <c>ExportErrors</c> and never thrown; cancellation is.
/// </remarks>
public static class JaegerExportExtensions
{
    /// <summary>One trace in the Jaeger UI's JSON format; an unknown trace gives an empty <c>data</c> array.</summary>
    /// <param name="tracer">The tracer whose spans to export.</param>
    /// <param name="traceId">32 hex digits.</param>
    /// <exception cref="ArgumentException">The id is malformed.</exception>
    public static JsonObject ExportJaeger(this Tracer tracer, string traceId)
    {
        ArgumentNullException.ThrowIfNull(tracer);
        TraceIds.ParseTraceIdArgument(traceId, nameof(traceId), out var high, out var low);
        return ToJsonObject(tracer, SpanOrder.GroupByTrace(tracer.SnapshotOf(high, low)));
    }

    /// <summary>Every retained trace in the Jaeger UI's JSON format (one <c>data</c> entry per trace, oldest first).</summary>
    /// <param name="tracer">The tracer whose spans to export.</param>
    public static JsonObject ExportJaeger(this Tracer tracer)
    {
        ArgumentNullException.ThrowIfNull(tracer);
        return ToJsonObject(tracer, SpanOrder.GroupByTrace(tracer.Snapshot()));
    }

    /// <summary>Streams every retained trace to <paramref name="stream"/> through a pooled buffer.</summary>
    /// <param name="tracer">The tracer whose spans to export.</param>
    /// <param name="stream">A writable stream.</param>
    /// <returns><see langword="true"/> when everything was written.</returns>
    public static bool WriteJaeger(this Tracer tracer, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(tracer);
        ArgumentNullException.ThrowIfNull(stream);
        return Write(tracer, stream, SpanOrder.GroupByTrace(tracer.Snapshot()));
    }

    /// <summary>Streams one trace (an empty <c>data</c> array for an unknown trace).</summary>
    /// <param name="tracer">The tracer whose spans to export.</param>
    /// <param name="stream">A writable stream.</param>
    /// <param name="traceId">32 hex digits.</param>
    /// <returns><see langword="true"/> when everything was written.</returns>
    /// <exception cref="ArgumentException">The id is malformed.</exception>
    public static bool WriteJaeger(this Tracer tracer, Stream stream, string traceId)
    {
        ArgumentNullException.ThrowIfNull(tracer);
        ArgumentNullException.ThrowIfNull(stream);
        TraceIds.ParseTraceIdArgument(traceId, nameof(traceId), out var high, out var low);
        return Write(tracer, stream, SpanOrder.GroupByTrace(tracer.SnapshotOf(high, low)));
    }

    /// <summary>
    /// Streams every retained trace without blocking on the stream (for an HTTP response): traces are
    /// written into a pooled buffer that is flushed asynchronously every 64 KiB.
    /// </summary>
    /// <param name="tracer">The tracer whose spans to export.</param>
    /// <param name="stream">A writable stream.</param>
    /// <param name="cancellationToken">Cancels the export.</param>
    /// <returns><see langword="true"/> when everything was written.</returns>
    public static Task<bool> WriteJaegerAsync(this Tracer tracer, Stream stream, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tracer);
        ArgumentNullException.ThrowIfNull(stream);
        return WriteAsync(tracer, stream, SpanOrder.GroupByTrace(tracer.Snapshot()), cancellationToken);
    }

    /// <summary>Streams one trace without blocking on the stream.</summary>
    /// <param name="tracer">The tracer whose spans to export.</param>
    /// <param name="stream">A writable stream.</param>
    /// <param name="traceId">32 hex digits.</param>
    /// <param name="cancellationToken">Cancels the export.</param>
    /// <returns><see langword="true"/> when everything was written.</returns>
    /// <exception cref="ArgumentException">The id is malformed.</exception>
    public static Task<bool> WriteJaegerAsync(this Tracer tracer, Stream stream, string traceId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tracer);
        ArgumentNullException.ThrowIfNull(stream);
        TraceIds.ParseTraceIdArgument(traceId, nameof(traceId), out var high, out var low);
        return WriteAsync(tracer, stream, SpanOrder.GroupByTrace(tracer.SnapshotOf(high, low)), cancellationToken);
    }

    private static JsonObject ToJsonObject(Tracer tracer, List<List<Span>> traces)
    {
        var buffer = new ArrayBufferWriter<byte>(16 * 1024);
        try
        {
            JaegerJsonWriter.Write(buffer, traces, tracer);
            return JsonNode.Parse(buffer.WrittenSpan)!.AsObject();
        }
        catch (Exception exception)
        {
            tracer.ReportExportFailure("jaeger", exception);
            return new JsonObject { ["data"] = new JsonArray(), ["total"] = 0, ["limit"] = 0, ["offset"] = 0, ["errors"] = null };
        }
    }

    private static bool Write(Tracer tracer, Stream stream, List<List<Span>> traces)
    {
        try
        {
            using var output = new StreamBufferWriter(stream);
            JaegerJsonWriter.Write(output, traces, tracer);
            output.Flush();
            return true;
        }
        catch (Exception exception)
        {
            tracer.ReportExportFailure("jaeger", exception);
            return false;
        }
    }

    private static async Task<bool> WriteAsync(Tracer tracer, Stream stream, List<List<Span>> traces, CancellationToken cancellationToken)
    {
        const int FlushThreshold = 64 * 1024;
        var buffer = new PooledBufferWriter();
        try
        {
            var writer = JaegerJsonWriter.CreateWriter(buffer);
            await using (writer.ConfigureAwait(false))
            {
                JaegerJsonWriter.WriteStart(writer);
                foreach (var trace in traces)
                {
                    JaegerJsonWriter.WriteTrace(writer, trace, tracer);
                    writer.Flush();
                    if (buffer.WrittenCount < FlushThreshold) continue;
                    await stream.WriteAsync(buffer.WrittenMemory, cancellationToken).ConfigureAwait(false);
                    buffer.Reset();
                }

                JaegerJsonWriter.WriteEnd(writer, traces.Count);
                writer.Flush();
            }

            await stream.WriteAsync(buffer.WrittenMemory, cancellationToken).ConfigureAwait(false);
            await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            tracer.ReportExportFailure("jaeger", exception);
            return false;
        }
        finally
        {
            buffer.Dispose();
        }
    }
}
