using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using NumAgents.Instrumentation.Export.Prometheus.Http;

namespace NumAgents.Instrumentation;

/// <summary>
/// A small HTTP/1.1 endpoint that Prometheus scrapes, for agents without a web host: <c>GET</c> (or
/// <c>HEAD</c>) of the scrape path answers in the format the scraper asks for (OpenMetrics 1.0.0 when its
/// <c>Accept</c> header ranks it first, as Prometheus does; the text format 0.0.4 otherwise), gzip when
/// asked; other methods get 405 with an <c>Allow</c> header, other paths 404. Binds 127.0.0.1 by default;
/// <see cref="Dispose"/> stops it.
/// </summary>
/// <remarks>
/// <para>
/// Host strings: <c>127.0.0.1</c> (default) or any IPv4 address; <c>0.0.0.0</c> for every IPv4 interface
/// (a container's usual choice); <c>*</c> or <c>+</c> for every interface, IPv4 and IPv6; <c>::</c> for every
/// IPv6 interface; <c>::1</c>, <c>[::1]</c> or any IPv6 address (IPv6 must be enabled); <c>localhost</c> for
/// 127.0.0.1 and ::1. None needs a URL reservation; ports below 1024 need root or
/// <c>CAP_NET_BIND_SERVICE</c> on Linux. <see cref="Url"/> and <see cref="EndPoints"/> report what was bound.
/// </para>
/// <para>
/// Connections are kept alive between scrapes; at most 64 are open at once, and a client that sends its
/// request too slowly, or reads the response too slowly, is disconnected. A scrape reads series without
/// blocking recording (counters and gauges are read lock-free; a histogram series is locked only while its
/// buckets are copied). A scrape that fails (the client went away) is counted among the collector's export
/// errors and never stops the server.
/// </para>
/// </remarks>
public sealed class MetricsServer : IDisposable
{
    private const int MaxConnections = 64;
    private const int BindAttempts = 5;

    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(5);

    private readonly Socket[] _listeners;
    private readonly Task[] _acceptLoops;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<MetricsHttpConnection, Task> _connections = new();
    private int _disposed;
    private int _inFlight;

    /// <summary>Starts serving <paramref name="metrics"/>.</summary>
    /// <param name="metrics">The collector to expose.</param>
    /// <param name="port">The TCP port; 0 picks a free one (see <see cref="Port"/>).</param>
    /// <param name="host">What to bind (see the remarks): <c>127.0.0.1</c> by default, <c>0.0.0.0</c> or <c>*</c> for every interface.</param>
    /// <param name="path">The scrape path, <c>/metrics</c> by default.</param>
    /// <param name="naming">How names and units are written; <see cref="PrometheusNaming.Legacy"/> keeps the names of earlier versions.</param>
    /// <exception cref="ArgumentException">The host is not an address this server can bind, or the path does not start with <c>/</c>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The port is not between 0 and 65535.</exception>
    /// <exception cref="IOException">The port is in use, needs privileges, or the address is not available on this machine; the message names them.</exception>
    public MetricsServer(MetricsCollector metrics, int port = 0, string host = "127.0.0.1", string path = "/metrics", PrometheusNaming naming = PrometheusNaming.Conventional)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentException.ThrowIfNullOrWhiteSpace(host);
        if (port is < 0 or > 65535) throw new ArgumentOutOfRangeException(nameof(port), port, "A TCP port is between 0 and 65535.");
        if (string.IsNullOrWhiteSpace(path) || path[0] != '/') throw new ArgumentException($"The scrape path '{path}' must start with '/'.", nameof(path));
        if (!Enum.IsDefined(naming)) throw new ArgumentOutOfRangeException(nameof(naming), naming, "Unknown Prometheus naming.");

        Metrics = metrics;
        Naming = naming;
        ScrapePath = path.TrimEnd('/');
        var addresses = ListenAddresses.Parse(host);
        (_listeners, Port) = Bind(host, addresses, port);
        EndPoints = [.. _listeners.Select(listener => (IPEndPoint)listener.LocalEndPoint!)];
        Url = new Uri($"http://{addresses.UrlHost}:{Port}{(ScrapePath.Length == 0 ? "/" : ScrapePath)}");
        _acceptLoops = [.. _listeners.Select(listener => Task.Run(() => AcceptLoopAsync(listener)))];
    }

    /// <summary>The port the server listens on.</summary>
    public int Port { get; }

    /// <summary>
    /// The scrape URL with the address bound: <c>http://127.0.0.1:9464/metrics</c>, <c>http://[::1]:9464/metrics</c>,
    /// <c>http://localhost:9464/metrics</c>; for every interface it describes the binding as Kestrel does
    /// (<c>http://0.0.0.0:9464/metrics</c>, <c>http://[::]:9464/metrics</c>), and clients connect through any of
    /// the machine's addresses.
    /// </summary>
    public Uri Url { get; }

    /// <summary>Every address and port the server listens on (two for <c>localhost</c> with IPv6).</summary>
    public IReadOnlyList<IPEndPoint> EndPoints { get; }

    internal MetricsCollector Metrics { get; }

    internal PrometheusNaming Naming { get; }

    /// <summary>The scrape path without a trailing slash (empty for <c>/</c>).</summary>
    internal string ScrapePath { get; }

    /// <summary>How long a client has to send a whole request head (a slow client is disconnected). Settable for tests.</summary>
    internal TimeSpan HeadTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a kept-alive connection may wait for its next request (longer than usual scrape intervals).</summary>
    internal TimeSpan IdleTimeout { get; set; } = TimeSpan.FromSeconds(120);

    /// <summary>How long a client has to take a response.</summary>
    internal TimeSpan WriteTimeout { get; set; } = TimeSpan.FromSeconds(30);

    internal bool IsStopping => Volatile.Read(ref _disposed) != 0;

    internal CancellationToken StoppingToken => _stopping.Token;

    /// <summary>
    /// Stops the server: no new connection is accepted, idle connections close, scrapes in flight are given
    /// up to five seconds to finish writing (so a last scrape is not cut mid-response), then every connection
    /// closes. A request arriving on an open connection meanwhile gets 503.
    /// </summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        foreach (var listener in _listeners) listener.Dispose();
        _stopping.Cancel();
        SpinWait.SpinUntil(() => Volatile.Read(ref _inFlight) == 0, DrainTimeout);
        foreach (var connection in _connections.Keys) connection.Socket.Dispose();
        try
        {
            Task.WaitAll([.. _acceptLoops, .. _connections.Values], TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // The loops end by observing closed sockets; nothing is left to report.
        }

        _stopping.Dispose();
    }

    internal bool TryBeginScrape()
    {
        Interlocked.Increment(ref _inFlight);
        if (!IsStopping) return true;
        Interlocked.Decrement(ref _inFlight);
        return false;
    }

    internal void EndScrape() => Interlocked.Decrement(ref _inFlight);

    internal void OnConnectionClosed(MetricsHttpConnection connection) => _connections.TryRemove(connection, out _);

    private static (Socket[] Listeners, int Port) Bind(string host, ListenAddresses addresses, int port)
    {
        // Port 0 with several sockets: the first picks the port, the others must get the same one, which
        // another process may take in between; try again with a new port a few times.
        for (var attempt = 1; ; attempt++)
        {
            var bound = new List<Socket>();
            var chosen = port;
            try
            {
                foreach (var (address, dualMode, optional) in addresses.Sockets)
                {
                    var socket = TryBind(host, address, dualMode, chosen, optional);
                    if (socket is null) continue;
                    bound.Add(socket);
                    chosen = ((IPEndPoint)socket.LocalEndPoint!).Port;
                }

                return ([.. bound], chosen);
            }
            catch (IOException exception) when (port == 0 && bound.Count > 0 && attempt < BindAttempts && exception.InnerException is SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse })
            {
                foreach (var socket in bound) socket.Dispose();
            }
            catch
            {
                foreach (var socket in bound) socket.Dispose();
                throw;
            }
        }
    }

    /// <summary>A listening socket, or <see langword="null"/> when an optional address is not available here.</summary>
    private static Socket? TryBind(string host, IPAddress address, bool dualMode, int port, bool optional)
    {
        var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            if (dualMode) socket.DualMode = true;
            socket.Bind(new IPEndPoint(address, port));
            socket.Listen(128);
            return socket;
        }
        catch (SocketException exception)
        {
            socket.Dispose();
            if (optional && exception.SocketErrorCode is SocketError.AddressNotAvailable or SocketError.AddressFamilyNotSupported) return null;
            throw new IOException(DescribeBindFailure(host, address, port, exception), exception);
        }
    }

    private static string DescribeBindFailure(string host, IPAddress address, int port, SocketException exception)
    {
        var where = $"The metrics server cannot listen on {host} ({address}) port {port}";
        return exception.SocketErrorCode switch
        {
            SocketError.AddressAlreadyInUse => $"{where}: port {port} is already in use. Stop what holds it, choose another port, or pass 0 for a free one.",
            SocketError.AccessDenied => $"{where}: permission denied; ports below 1024 need root or CAP_NET_BIND_SERVICE.",
            SocketError.AddressNotAvailable or SocketError.AddressFamilyNotSupported => $"{where}: the address is not available on this machine{(address.AddressFamily == AddressFamily.InterNetworkV6 ? " (is IPv6 enabled?)" : string.Empty)}.",
            _ => $"{where}: {exception.Message}",
        };
    }

    private async Task AcceptLoopAsync(Socket listener)
    {
        while (!IsStopping)
        {
            Socket client;
            try
            {
                client = await listener.AcceptAsync(_stopping.Token).ConfigureAwait(false);
            }
            catch (Exception) when (IsStopping)
            {
                return;
            }
            catch (SocketException exception)
            {
                // A connection reset before it was accepted, or the process is out of descriptors: keep serving.
                Metrics.ReportExportFailure("prometheus-server", exception);
                await Task.Delay(10).ConfigureAwait(false);
                continue;
            }

            if (_connections.Count >= MaxConnections || IsStopping)
            {
                client.Dispose();
                continue;
            }

            client.NoDelay = true;
            var connection = new MetricsHttpConnection(this, client);
            var run = new TaskCompletionSource();
            _connections[connection] = run.Task;
            _ = RunAsync(connection, run);
        }
    }

    private static async Task RunAsync(MetricsHttpConnection connection, TaskCompletionSource done)
    {
        try
        {
            await connection.RunAsync().ConfigureAwait(false);
        }
        finally
        {
            done.TrySetResult();
        }
    }
}
