using System.Buffers;
using System.IO.Compression;
using System.Net.Sockets;
using System.Text;

namespace NumAgents.Instrumentation.Export.Prometheus.Http;

/// <summary>
/// One client connection of a <see cref="MetricsServer"/>: reads HTTP/1.x request heads (pipelined and
/// keep-alive requests included) and answers each: <c>GET</c> and <c>HEAD</c> of the scrape path with the
/// negotiated exposition (gzip when asked), 404 elsewhere, 405 with <c>Allow</c> for other methods.
/// </summary>
/// <remarks>
/// Robust by construction rather than by trust: a head must arrive whole within the server's head timeout
/// (the next request on an idle keep-alive connection within its idle timeout) and fit in
/// <see cref="MaxHeadBytes"/>; a response must be taken within the write timeout; a request body is never
/// read (the connection closes after answering it). A client that breaks any of these is disconnected and
/// costs nothing else.
/// </remarks>
internal sealed class MetricsHttpConnection(MetricsServer server, Socket socket)
{
    public const int MaxHeadBytes = 16 * 1024;

    public Socket Socket => socket;

    public async Task RunAsync()
    {
        var buffer = ArrayPool<byte>.Shared.Rent(MaxHeadBytes);
        var stream = new NetworkStream(socket, ownsSocket: true);
        try
        {
            var filled = 0;
            var timeout = server.HeadTimeout;
            while (true)
            {
                int end;
                using (var deadline = CancellationTokenSource.CreateLinkedTokenSource(server.StoppingToken))
                {
                    deadline.CancelAfter(timeout);
                    while ((end = HttpRequestHead.EndOfHead(buffer.AsSpan(0, filled))) < 0)
                    {
                        if (filled == MaxHeadBytes)
                        {
                            await WriteStatusAsync(stream, 431, "Request Header Fields Too Large", "The request head is larger than 16 KiB.", head: null, close: true).ConfigureAwait(false);
                            return;
                        }

                        var read = await stream.ReadAsync(buffer.AsMemory(filled, MaxHeadBytes - filled), deadline.Token).ConfigureAwait(false);
                        if (read == 0) return;
                        filled += read;
                    }
                }

                var request = HttpRequestHead.Parse(buffer.AsSpan(0, end));
                filled -= end;
                buffer.AsSpan(end, filled).CopyTo(buffer);
                if (request is null)
                {
                    await WriteStatusAsync(stream, 400, "Bad Request", "This is not an HTTP/1.x request.", head: null, close: true).ConfigureAwait(false);
                    return;
                }

                // A body is never read, so the connection cannot be reused after it.
                var close = request.WantsClose || request.HasBody || server.IsStopping;
                if (!await RespondAsync(stream, request, close).ConfigureAwait(false) || close) return;
                timeout = server.IdleTimeout;
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
        {
            // The client went away, stalled past a deadline, or the server is stopping: the connection ends here.
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            await stream.DisposeAsync().ConfigureAwait(false);
            server.OnConnectionClosed(this);
        }
    }

    /// <summary>Answers one request; false when the connection must close (the response could not be completed).</summary>
    private async Task<bool> RespondAsync(NetworkStream stream, HttpRequestHead request, bool close)
    {
        if (!string.Equals(request.Path.TrimEnd('/'), server.ScrapePath, StringComparison.Ordinal))
        {
            await WriteStatusAsync(stream, 404, "Not Found", $"Metrics are served at {(server.ScrapePath.Length == 0 ? "/" : server.ScrapePath)}.", request, close).ConfigureAwait(false);
            return true;
        }

        if (request.Method is not ("GET" or "HEAD"))
        {
            await WriteStatusAsync(stream, 405, "Method Not Allowed", "Metrics are read with GET (or HEAD).", request, close, allow: true).ConfigureAwait(false);
            return true;
        }

        if (!server.TryBeginScrape())
        {
            await WriteStatusAsync(stream, 503, "Service Unavailable", "The metrics server is stopping.", request, close: true).ConfigureAwait(false);
            return false;
        }

        try
        {
            return await ScrapeAsync(stream, request, close).ConfigureAwait(false);
        }
        finally
        {
            server.EndScrape();
        }
    }

    private async Task<bool> ScrapeAsync(NetworkStream stream, HttpRequestHead request, bool close)
    {
        var format = PrometheusContentNegotiation.FromAcceptHeader(request.Accept);
        var gzip = PrometheusContentNegotiation.AcceptsGzip(request.AcceptEncoding);

        // HTTP/1.0 has no chunked encoding: the body runs to the end of the connection.
        var chunked = request.IsHttp11;
        close |= !chunked;
        var head = new StringBuilder(256)
            .Append("HTTP/1.1 200 OK\r\nContent-Type: ").Append(PrometheusContentNegotiation.ContentTypeOf(format))
            .Append("\r\nVary: Accept, Accept-Encoding\r\n");
        if (gzip) head.Append("Content-Encoding: gzip\r\n");
        if (chunked) head.Append("Transfer-Encoding: chunked\r\n");
        if (close) head.Append("Connection: close\r\n");
        head.Append("\r\n");

        using var deadline = new CancellationTokenSource(server.WriteTimeout);
        try
        {
            await stream.WriteAsync(Encoding.ASCII.GetBytes(head.ToString()), deadline.Token).ConfigureAwait(false);
            if (request.Method == "HEAD") return true;

            var options = new PrometheusExportOptions { Format = format, Naming = server.Naming };
            var chunks = chunked ? new ChunkedWriteStream(stream) : null;
            Stream body = chunks ?? (Stream)stream;
            bool written;
            if (gzip)
            {
                var compressor = new GZipStream(body, CompressionLevel.Fastest, leaveOpen: true);
                await using (compressor.ConfigureAwait(false))
                {
                    written = await server.Metrics.WritePrometheusAsync(compressor, options, deadline.Token).ConfigureAwait(false);
                }
            }
            else
            {
                written = await server.Metrics.WritePrometheusAsync(body, options, deadline.Token).ConfigureAwait(false);
            }

            // A failed export is already counted; the client gets a cut response and the connection closes.
            if (!written) return false;
            if (chunks is not null) await chunks.CompleteAsync(deadline.Token).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException exception)
        {
            server.Metrics.ReportExportFailure("prometheus-server", new TimeoutException($"A scrape client did not take the response within {server.WriteTimeout.TotalSeconds:0} s.", exception));
            return false;
        }
    }

    private async Task WriteStatusAsync(NetworkStream stream, int status, string reason, string message, HttpRequestHead? head, bool close, bool allow = false)
    {
        var body = Encoding.UTF8.GetBytes(message + "\n");
        var response = new StringBuilder(256)
            .Append("HTTP/1.1 ").Append(status).Append(' ').Append(reason)
            .Append("\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ").Append(body.Length).Append("\r\n");
        if (allow) response.Append("Allow: GET, HEAD\r\n");
        if (close) response.Append("Connection: close\r\n");
        response.Append("\r\n");

        using var deadline = new CancellationTokenSource(server.WriteTimeout);
        await stream.WriteAsync(Encoding.ASCII.GetBytes(response.ToString()), deadline.Token).ConfigureAwait(false);
        if (head?.Method != "HEAD") await stream.WriteAsync(body, deadline.Token).ConfigureAwait(false);
    }
}
