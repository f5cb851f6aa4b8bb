using System.IO.Compression;
using System.Net;
using System.Net.Sockets;

namespace NumAgents.Instrumentation;

/// <summary>
/// A small HTTP endpoint for console agents that Prometheus scrapes: <c>GET /metrics</c> returns the
/// text exposition format 0.0.4 (gzip when the scraper asks), other methods get 405, other paths 404.
/// Binds 127.0.0.1 by default; <see cref="Dispose"/> stops it.
/// </summary>
/// <remarks>
/// A scrape reads series without blocking recording (counters and gauges are read lock-free; a
/// histogram series is locked only while its buckets are copied). A scrape that fails (the client
/// went away) is counted in <see cref="MonitorStatistics.ExportErrors"/> and never stops the server.
/// </remarks>
public sealed class MetricsServer : IDisposable
{
    private const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    private readonly MetricsCollector _metrics;
    private readonly HttpListener _listener;
    private readonly string _path;
    private readonly Task _loop;
    private int _disposed;
    private int _inFlight;

    /// <summary>Starts serving <paramref name="metrics"/>.</summary>
    /// <param name="metrics">The collector to expose.</param>
    /// <param name="port">The TCP port; 0 picks a free one (see <see cref="Url"/>).</param>
    /// <param name="host">The address to bind, <c>127.0.0.1</c> by default; use <c>+</c> for every interface.</param>
    /// <param name="path">The scrape path, <c>/metrics</c> by default.</param>
    public MetricsServer(MetricsCollector metrics, int port = 0, string host = "127.0.0.1", string path = "/metrics")
    {
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentException.ThrowIfNullOrWhiteSpace(host);
        if (port is < 0 or > 65535) throw new ArgumentOutOfRangeException(nameof(port), port, "A TCP port is between 0 and 65535.");
        if (string.IsNullOrWhiteSpace(path) || path[0] != '/') throw new ArgumentException($"The scrape path '{path}' must start with '/'.", nameof(path));

        _metrics = metrics;
        _path = path.TrimEnd('/');
        (_listener, Port) = Bind(host, port);
        Url = new Uri($"http://{(host is "+" or "*" ? "localhost" : host)}:{Port}{_path}");
        _loop = Task.Run(AcceptLoopAsync);
    }

    /// <summary>Starts serving the metrics of <paramref name="monitor"/>.</summary>
    /// <param name="monitor">The monitor whose collector to expose.</param>
    /// <param name="port">The TCP port; 0 picks a free one.</param>
    /// <param name="host">The address to bind.</param>
    /// <param name="path">The scrape path.</param>
    public MetricsServer(AgentMonitor monitor, int port = 0, string host = "127.0.0.1", string path = "/metrics")
        : this((monitor ?? throw new ArgumentNullException(nameof(monitor))).Metrics, port, host, path)
    {
    }

    /// <summary>The port the server listens on.</summary>
    public int Port { get; }

    /// <summary>The scrape URL, for example <c>http://127.0.0.1:9464/metrics</c>.</summary>
    public Uri Url { get; }

    /// <summary>
    /// Stops the server: scrapes in flight are given up to five seconds to finish writing (so a last
    /// scrape is not cut mid-response), then the listener closes; requests arriving meanwhile get 503.
    /// </summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        SpinWait.SpinUntil(() => Volatile.Read(ref _inFlight) == 0, TimeSpan.FromSeconds(5));
        _listener.Close();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // The loop ends by observing the closed listener; nothing to report.
        }
    }

    private static (HttpListener Listener, int Port) Bind(string host, int port)
    {
        // HttpListener cannot bind port 0 itself: ask the OS for a free port, retrying on the rare race.
        for (var attempt = 0; ; attempt++)
        {
            var candidate = port != 0 ? port : FreePort();
            var listener = new HttpListener();
            listener.Prefixes.Add($"http://{host}:{candidate}/");
            try
            {
                listener.Start();
                return (listener, candidate);
            }
            catch (HttpListenerException) when (port == 0 && attempt < 5)
            {
                listener.Close();
            }
        }
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private async Task AcceptLoopAsync()
    {
        while (Volatile.Read(ref _disposed) == 0)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync().ConfigureAwait(false);
            }
            catch (Exception) when (Volatile.Read(ref _disposed) != 0)
            {
                return;
            }
            catch (Exception exception)
            {
                _metrics.ReportExportFailure("prometheus-server", exception);
                continue;
            }

            // Counted before the task starts, so Dispose cannot miss a scrape that is about to run.
            Interlocked.Increment(ref _inFlight);
            _ = Task.Run(() => Serve(context));
        }
    }

    private void Serve(HttpListenerContext context)
    {
        var response = context.Response;
        try
        {
            if (Volatile.Read(ref _disposed) != 0)
            {
                response.StatusCode = (int)HttpStatusCode.ServiceUnavailable;
                return;
            }

            var request = context.Request;
            if (!string.Equals(request.Url?.AbsolutePath.TrimEnd('/'), _path, StringComparison.Ordinal))
            {
                response.StatusCode = (int)HttpStatusCode.NotFound;
                return;
            }

            if (!string.Equals(request.HttpMethod, "GET", StringComparison.Ordinal))
            {
                response.StatusCode = (int)HttpStatusCode.MethodNotAllowed;
                response.AddHeader("Allow", "GET");
                return;
            }

            response.StatusCode = (int)HttpStatusCode.OK;
            response.ContentType = ContentType;
            response.SendChunked = true;
            if (AcceptsGzip(request.Headers["Accept-Encoding"]))
            {
                response.AddHeader("Content-Encoding", "gzip");
                using var gzip = new GZipStream(response.OutputStream, CompressionLevel.Fastest, leaveOpen: true);
                _metrics.WritePrometheus(gzip);
            }
            else
            {
                _metrics.WritePrometheus(response.OutputStream);
            }
        }
        catch (Exception exception)
        {
            _metrics.ReportExportFailure("prometheus-server", exception);
        }
        finally
        {
            try
            {
                response.Close();
            }
            catch (Exception exception)
            {
                _metrics.ReportExportFailure("prometheus-server", exception);
            }

            Interlocked.Decrement(ref _inFlight);
        }
    }

    private static bool AcceptsGzip(string? acceptEncoding)
    {
        if (acceptEncoding is null) return false;
        foreach (var part in acceptEncoding.Split(','))
        {
            var coding = part.Split(';')[0].Trim();
            if (coding.Equals("gzip", StringComparison.OrdinalIgnoreCase) && !part.Replace(" ", string.Empty, StringComparison.Ordinal).EndsWith(";q=0", StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
