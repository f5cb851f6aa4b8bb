using System.IO.Compression;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace NumAgents.Instrumentation.Tests.Export.Prometheus;

public sealed class MetricsServerTests
{
    private const string Prometheus2Accept = "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1";

    [Fact]
    public async Task Get_metrics_returns_the_text_format_on_loopback()
    {
        var metrics = new MetricsCollector();
        metrics.Counter("api.requests.total", 3, [("method", "GET")]);
        using var server = new MetricsServer(metrics);
        using var client = new HttpClient();

        using var response = await client.GetAsync(server.Url);
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal("127.0.0.1", server.Url.Host);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        Assert.Equal(metrics.ExportPrometheus(), body);
    }

    [Fact]
    public async Task OpenMetrics_is_served_when_the_scraper_asks_for_it_as_Prometheus_does()
    {
        using var monitor = new AgentMonitor(new MonitorOptions { EnableLogging = false });
        using (monitor.Tracer.Span("request"))
        {
            monitor.Metrics.Counter("api.requests", 3, [("method", "GET")]);
        }

        using var server = monitor.StartMetricsServer();
        using var client = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, server.Url);
        request.Headers.TryAddWithoutValidation("Accept", Prometheus2Accept);

        using var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal("application/openmetrics-text; version=1.0.0; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        Assert.StartsWith("# TYPE api_requests counter\n", body, StringComparison.Ordinal);
        Assert.Contains("api_requests_total{method=\"GET\"} 3 # {trace_id=\"", body, StringComparison.Ordinal);
        Assert.EndsWith("# EOF\n", body, StringComparison.Ordinal);
        Assert.Contains("Accept", response.Headers.Vary);
    }

    [Fact]
    public async Task Gzip_is_used_when_the_scraper_asks_for_it()
    {
        var metrics = new MetricsCollector();
        for (var i = 0; i < 500; i++) metrics.Counter("requests", labels: [("id", i.ToString(System.Globalization.CultureInfo.InvariantCulture))]);
        using var server = new MetricsServer(metrics);
        using var client = new HttpClient(new HttpClientHandler { AutomaticDecompression = DecompressionMethods.None });
        using var request = new HttpRequestMessage(HttpMethod.Get, server.Url);
        request.Headers.AcceptEncoding.ParseAdd("gzip");

        using var response = await client.SendAsync(request);
        var compressed = await response.Content.ReadAsByteArrayAsync();

        Assert.Contains("gzip", response.Content.Headers.ContentEncoding);
        await using var gzip = new GZipStream(new MemoryStream(compressed), CompressionMode.Decompress);
        using var reader = new StreamReader(gzip, Encoding.UTF8);
        Assert.Equal(metrics.ExportPrometheus(), await reader.ReadToEndAsync());
        Assert.True(compressed.Length < Encoding.UTF8.GetByteCount(metrics.ExportPrometheus()));
    }

    [Fact]
    public async Task Other_methods_get_405_with_an_Allow_header_and_other_paths_404()
    {
        using var server = new MetricsServer(new MetricsCollector());
        using var client = new HttpClient();

        using var post = await client.PostAsync(server.Url, new StringContent("x"));
        using var delete = await client.DeleteAsync(server.Url);
        using var elsewhere = await client.GetAsync(new Uri(server.Url, "/other"));

        Assert.Equal(HttpStatusCode.MethodNotAllowed, post.StatusCode);
        Assert.Equal(["GET", "HEAD"], post.Content.Headers.Allow);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, delete.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, elsewhere.StatusCode);
    }

    [Fact]
    public void Head_answers_with_the_headers_of_a_scrape_and_no_body_and_the_connection_is_kept()
    {
        var metrics = new MetricsCollector();
        metrics.Counter("hits");
        using var server = new MetricsServer(metrics);
        using var http = new RawHttp(RawHttp.Loopback(server));

        http.Send("HEAD /metrics HTTP/1.1\r\nHost: x\r\n\r\nGET /metrics HTTP/1.1\r\nHost: x\r\n\r\n");
        var head = http.ReadResponse(head: true);
        var get = http.ReadResponse();

        Assert.Equal(200, head.Status);
        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", head.Headers["content-type"]);
        Assert.Equal(200, get.Status);
        Assert.Equal(metrics.ExportPrometheus(), get.Body);
    }

    [Fact]
    public void Keep_alive_serves_several_scrapes_on_one_connection_until_the_client_asks_to_close()
    {
        var metrics = new MetricsCollector();
        var hits = metrics.GetCounter("hits");
        using var server = new MetricsServer(metrics);
        using var http = new RawHttp(RawHttp.Loopback(server));

        for (var i = 1; i <= 3; i++)
        {
            hits.Increment();
            http.Send("GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n");
            var response = http.ReadResponse();
            Assert.Equal(200, response.Status);
            Assert.Contains($"hits_total {i}\n", response.Body, StringComparison.Ordinal);
        }

        http.Send("GET /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        var last = http.ReadResponse();
        Assert.Equal("close", last.Headers["connection"]);
        Assert.True(http.IsClosedByServer(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public void Http_1_0_gets_the_body_and_a_closed_connection()
    {
        var metrics = new MetricsCollector();
        metrics.Counter("hits");
        using var server = new MetricsServer(metrics);
        using var http = new RawHttp(RawHttp.Loopback(server));

        http.Send("GET /metrics HTTP/1.0\r\n\r\n");
        var response = http.ReadResponse();

        Assert.Equal(200, response.Status);
        Assert.False(response.Headers.ContainsKey("transfer-encoding"));
        Assert.Equal(metrics.ExportPrometheus(), response.Body);
    }

    [Fact]
    public void Malformed_oversized_and_slow_requests_are_answered_or_dropped_and_the_server_keeps_serving()
    {
        var metrics = new MetricsCollector();
        metrics.Counter("hits");
        using var server = new MetricsServer(metrics) { HeadTimeout = TimeSpan.FromMilliseconds(500) };

        using (var garbage = new RawHttp(RawHttp.Loopback(server)))
        {
            garbage.Send("HELLO\r\n\r\n");
            Assert.Equal(400, garbage.ReadResponse().Status);
        }

        using (var huge = new RawHttp(RawHttp.Loopback(server)))
        {
            huge.Send("GET /metrics HTTP/1.1\r\nX-Padding: " + new string('x', 20_000) + "\r\n\r\n");
            Assert.Equal(431, huge.ReadResponse().Status);
        }

        using (var slow = new RawHttp(RawHttp.Loopback(server)))
        {
            // Half a request head, then nothing: the server gives up on it after its head timeout.
            slow.Send("GET /metrics HTTP/1.1\r\n");
            Assert.True(slow.IsClosedByServer(TimeSpan.FromSeconds(20)));
        }

        using var healthy = new RawHttp(RawHttp.Loopback(server));
        healthy.Send("GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n");
        Assert.Equal(metrics.ExportPrometheus(), healthy.ReadResponse().Body);
        Assert.Equal(0, server.Metrics.ExportErrors);
    }

    public static TheoryData<string, string, string[]> Hosts => new()
    {
        // host, what Url says, addresses a client can reach it on
        { "127.0.0.1", "127.0.0.1", ["127.0.0.1"] },
        { "0.0.0.0", "0.0.0.0", ["127.0.0.1"] },
        { "*", "[::]", ["127.0.0.1", "::1"] },
        { "+", "[::]", ["127.0.0.1", "::1"] },
        { "::", "[::]", ["::1"] },
        { "::1", "[::1]", ["::1"] },
        { "[::1]", "[::1]", ["::1"] },
        { "localhost", "localhost", ["127.0.0.1", "::1"] },
    };

    [Theory]
    [MemberData(nameof(Hosts))]
    public async Task Every_host_form_binds_and_the_url_names_the_address_bound(string host, string urlHost, string[] reachableOn)
    {
        var metrics = new MetricsCollector();
        metrics.Counter("hits");
        using var server = new MetricsServer(metrics, host: host);
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };

        // A wildcard URL describes the binding, as Kestrel reports http://[::]:5000; clients use one of the
        // machine's addresses (HttpClient refuses 0.0.0.0 and :: as targets).
        Assert.Equal($"http://{urlHost}:{server.Port}/metrics", server.Url.ToString());
        if (urlHost is not ("0.0.0.0" or "[::]")) Assert.Equal(metrics.ExportPrometheus(), await client.GetStringAsync(server.Url));
        foreach (var address in reachableOn)
        {
            var literal = IPAddress.Parse(address).AddressFamily == AddressFamily.InterNetworkV6 ? $"[{address}]" : address;
            Assert.Equal(metrics.ExportPrometheus(), await client.GetStringAsync($"http://{literal}:{server.Port}/metrics"));
        }

        Assert.All(server.EndPoints, endPoint => Assert.Equal(server.Port, endPoint.Port));
    }

    [Fact]
    public void A_port_in_use_is_an_IOException_naming_the_port()
    {
        using var holder = new TcpListener(IPAddress.Loopback, 0);
        holder.Start();
        var port = ((IPEndPoint)holder.LocalEndpoint).Port;

        var failure = Assert.Throws<IOException>(() => new MetricsServer(new MetricsCollector(), port));

        Assert.Contains($"port {port} is already in use", failure.Message, StringComparison.Ordinal);
        Assert.IsType<SocketException>(failure.InnerException);
    }

    [Theory]
    [InlineData("example.com")]
    [InlineData("my-host")]
    [InlineData("1")]
    [InlineData("http://127.0.0.1")]
    public void A_host_that_is_not_an_address_is_rejected_with_the_forms_that_work(string host)
    {
        var failure = Assert.Throws<ArgumentException>(() => new MetricsServer(new MetricsCollector(), host: host));
        Assert.Contains($"'{host}'", failure.Message, StringComparison.Ordinal);
        Assert.Contains("0.0.0.0", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dispose_stops_the_server_and_closes_idle_connections()
    {
        var server = new MetricsServer(new MetricsCollector());
        var url = server.Url;
        using var idle = new RawHttp(RawHttp.Loopback(server));
        idle.Send("GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n");
        Assert.Equal(200, idle.ReadResponse().Status);

        server.Dispose();

        Assert.True(idle.IsClosedByServer(TimeSpan.FromSeconds(10)));
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => client.GetAsync(url));
    }

    [Fact]
    public async Task Scrapes_run_while_other_threads_record()
    {
        var metrics = new MetricsCollector();
        var counter = metrics.GetCounter("hits");
        using var server = new MetricsServer(metrics);
        using var client = new HttpClient();
        using var stop = new CancellationTokenSource();
        var recorders = Enumerable.Range(0, 2).Select(_ => Task.Run(() =>
        {
            long recorded = 0;
            while (!stop.IsCancellationRequested)
            {
                counter.Increment();
                metrics.Histogram("latency", recorded++ % 100);
            }

            return recorded;
        })).ToArray();

        for (var i = 0; i < 20; i++)
        {
            var body = await client.GetStringAsync(server.Url);
            Assert.Contains("# TYPE hits_total counter", body, StringComparison.Ordinal);
        }

        await stop.CancelAsync();
        var total = (await Task.WhenAll(recorders)).Sum();
        Assert.Equal(total, counter.Value);
    }

    [Fact]
    public async Task Legacy_naming_serves_the_names_of_earlier_versions()
    {
        var metrics = new MetricsCollector();
        metrics.Counter("hits");
        using var server = new MetricsServer(metrics, naming: PrometheusNaming.Legacy);
        using var client = new HttpClient();

        Assert.Equal("# HELP hits hits\n# TYPE hits counter\nhits 1\n", await client.GetStringAsync(server.Url));
    }

    [Fact]
    public void Invalid_arguments_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new MetricsServer(new MetricsCollector(), port: 70000));
        Assert.Throws<ArgumentException>(() => new MetricsServer(new MetricsCollector(), path: "metrics"));
        Assert.Throws<ArgumentOutOfRangeException>(() => new MetricsServer(new MetricsCollector(), naming: (PrometheusNaming)7));
    }
}
