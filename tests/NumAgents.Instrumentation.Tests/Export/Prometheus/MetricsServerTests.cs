using System.IO.Compression;
using System.Net;
using System.Text;

namespace NumAgents.Instrumentation.Tests.Export.Prometheus;

public sealed class MetricsServerTests
{
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
    public async Task Other_methods_get_405_and_other_paths_404()
    {
        using var server = new MetricsServer(new MetricsCollector());
        using var client = new HttpClient();

        using var post = await client.PostAsync(server.Url, new StringContent("x"));
        using var elsewhere = await client.GetAsync(new Uri(server.Url, "/other"));

        Assert.Equal(HttpStatusCode.MethodNotAllowed, post.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, elsewhere.StatusCode);
    }

    [Fact]
    public async Task Dispose_stops_the_server()
    {
        var server = new MetricsServer(new MetricsCollector());
        var url = server.Url;
        server.Dispose();
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
    public void Invalid_arguments_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new MetricsServer(new MetricsCollector(), port: 70000));
        Assert.Throws<ArgumentException>(() => new MetricsServer(new MetricsCollector(), path: "metrics"));
    }
}
