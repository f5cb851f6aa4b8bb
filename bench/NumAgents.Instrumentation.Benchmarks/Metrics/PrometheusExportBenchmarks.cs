using System.Diagnostics.Metrics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using BenchmarkDotNet.Attributes;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using PrometheusNet = Prometheus;

namespace NumAgents.Instrumentation.Benchmarks.Metrics;

/// <summary>
/// Prometheus export of N counter series (10 label values x N/10 routes) by each library, in the text
/// format 0.0.4 and in OpenMetrics (each library's own OpenMetrics writer). OpenTelemetry's exporter is only
/// reachable through its HttpListener scrape endpoint, so its time includes one loopback HTTP round trip (a
/// few tens of microseconds, small next to 10,000 series).
/// </summary>
[MemoryDiagnoser]
[CategoriesColumn]
[GroupBenchmarksBy(BenchmarkDotNet.Configs.BenchmarkLogicalGroupRule.ByCategory, BenchmarkDotNet.Configs.BenchmarkLogicalGroupRule.ByParams)]
public class PrometheusExportBenchmarks
{
    private MetricsCollector _metrics = null!;
    private PrometheusNet.CollectorRegistry _registry = null!;
    private MeterProvider _meterProvider = null!;
    private Meter _meter = null!;
    private HttpClient _client = null!;
    private string _scrapeUrl = null!;

    [Params(10_000, 100_000)]
    public int Series { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _metrics = new MetricsCollector(new MetricsOptions { MaxLabelSetsPerMetric = Series });
        _registry = PrometheusNet.Metrics.NewCustomRegistry();
        var promCounter = PrometheusNet.Metrics.WithCustomRegistry(_registry).CreateCounter("http_requests", "requests", ["method", "route"]);

        _meter = new Meter("bench.export." + Guid.NewGuid().ToString("N"));
        var otelCounter = _meter.CreateCounter<long>("http_requests");
        var port = FreePort();
        _scrapeUrl = $"http://127.0.0.1:{port}/metrics/";
        _meterProvider = Sdk.CreateMeterProviderBuilder()
            .AddMeter(_meter.Name)
            .AddPrometheusHttpListener(options =>
            {
                options.Host = "127.0.0.1";
                options.Port = port;
                options.ScrapeResponseCacheDurationMilliseconds = 0;
            })
            .AddView("http_requests", new MetricStreamConfiguration { CardinalityLimit = Series + 10 })
            .Build();
        _client = new HttpClient();

        string[] methods = ["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "TRACE", "CONNECT", "QUERY"];
        for (var i = 0; i < Series; i++)
        {
            var method = methods[i % methods.Length];
            var route = "/api/v1/items/" + (i / methods.Length).ToString(CultureInfo.InvariantCulture);
            _metrics.Counter("http.requests", i, [("method", method), ("route", route)]);
            promCounter.WithLabels(method, route).Inc(i);
            otelCounter.Add(i, new KeyValuePair<string, object?>("method", method), new KeyValuePair<string, object?>("route", route));
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _client.Dispose();
        _meterProvider.Dispose();
        _meter.Dispose();
    }

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("text")]
    public Task PrometheusNet_CollectAndExportAsText() => _registry.CollectAndExportAsTextAsync(Stream.Null);

    [Benchmark]
    [BenchmarkCategory("text")]
    public Task<long> OpenTelemetry_scrape() => ScrapeOpenTelemetryAsync(openMetrics: false);

    [Benchmark]
    [BenchmarkCategory("text")]
    public bool NumAgents_WritePrometheus() => _metrics.WritePrometheus(Stream.Null);

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("openmetrics")]
    public Task PrometheusNet_CollectAndExportAsOpenMetrics() => _registry.CollectAndExportAsTextAsync(Stream.Null, PrometheusNet.ExpositionFormat.OpenMetricsText);

    [Benchmark]
    [BenchmarkCategory("openmetrics")]
    public Task<long> OpenTelemetry_scrape_OpenMetrics() => ScrapeOpenTelemetryAsync(openMetrics: true);

    [Benchmark]
    [BenchmarkCategory("openmetrics")]
    public bool NumAgents_WritePrometheus_OpenMetrics() => _metrics.WritePrometheus(Stream.Null, OpenMetrics);

    private static readonly PrometheusExportOptions OpenMetrics = new() { Format = PrometheusFormat.OpenMetrics };

    private async Task<long> ScrapeOpenTelemetryAsync(bool openMetrics)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, _scrapeUrl);
        if (openMetrics) request.Headers.TryAddWithoutValidation("Accept", "application/openmetrics-text; version=1.0.0");
        using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        await using var body = await response.Content.ReadAsStreamAsync();
        var buffer = new byte[81920];
        long total = 0;
        int read;
        while ((read = await body.ReadAsync(buffer)) > 0) total += read;
        return total;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
