using System.IO.Compression;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace NumAgents.Instrumentation.AspNetCore.Tests;

/// <summary>A real Kestrel server on loopback, as a service that adopts the package would run it.</summary>
public sealed class PrometheusEndpointTests
{
    private const string Prometheus2Accept = "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1";

    private static async Task<(WebApplication App, Uri BaseAddress)> StartAsync(AgentMonitor monitor)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddSingleton(monitor);
        var app = builder.Build();
        app.MapPrometheusMetrics("/metrics");
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        return (app, new Uri(address));
    }

    [Fact]
    public async Task Serves_the_monitor_registered_in_dependency_injection()
    {
        var monitor = new AgentMonitor("web");
        monitor.Metrics.Counter("http.requests", 5, [("route", "/users")]);
        var (app, baseAddress) = await StartAsync(monitor);
        await using var _ = app;
        using var client = new HttpClient { BaseAddress = baseAddress };

        using var response = await client.GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        Assert.Equal(monitor.Metrics.ExportPrometheus(), await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Compresses_with_gzip_when_asked_and_rejects_other_methods()
    {
        var monitor = new AgentMonitor("web");
        monitor.Metrics.Counter("http.requests");
        var (app, baseAddress) = await StartAsync(monitor);
        await using var _ = app;
        using var client = new HttpClient(new HttpClientHandler { AutomaticDecompression = DecompressionMethods.None }) { BaseAddress = baseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        request.Headers.AcceptEncoding.ParseAdd("gzip");

        using var response = await client.SendAsync(request);
        await using var gzip = new GZipStream(await response.Content.ReadAsStreamAsync(), CompressionMode.Decompress);
        using var reader = new StreamReader(gzip);
        using var post = await client.PostAsync("/metrics", new StringContent(string.Empty));

        Assert.Contains("gzip", response.Content.Headers.ContentEncoding);
        Assert.Equal(monitor.Metrics.ExportPrometheus(), await reader.ReadToEndAsync());
        Assert.Equal(HttpStatusCode.MethodNotAllowed, post.StatusCode);
        Assert.Contains("GET", post.Content.Headers.Allow);
        Assert.Contains("HEAD", post.Content.Headers.Allow);
    }

    [Fact]
    public async Task Serves_OpenMetrics_with_exemplars_when_the_scraper_asks_for_it()
    {
        var monitor = new AgentMonitor(new MonitorOptions { ServiceName = "web", EnableLogging = false });
        string traceId;
        using (var span = monitor.Tracer.Span("request"))
        {
            traceId = span.TraceId;
            monitor.Metrics.Counter("http.requests", 5, [("route", "/users")]);
        }

        var (app, baseAddress) = await StartAsync(monitor);
        await using var _ = app;
        using var client = new HttpClient { BaseAddress = baseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        request.Headers.TryAddWithoutValidation("Accept", Prometheus2Accept);

        using var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal("application/openmetrics-text; version=1.0.0; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        Assert.Contains($"http_requests_total{{route=\"/users\"}} 5 # {{trace_id=\"{traceId}\"", body, StringComparison.Ordinal);
        Assert.EndsWith("# EOF\n", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Answers_HEAD_without_a_body_and_names_as_the_monitor_is_configured()
    {
        var monitor = new AgentMonitor(new MonitorOptions { ServiceName = "web", EnableLogging = false, PrometheusNaming = PrometheusNaming.Legacy });
        monitor.Metrics.Counter("http.requests", 2);
        var (app, baseAddress) = await StartAsync(monitor);
        await using var _ = app;
        using var client = new HttpClient { BaseAddress = baseAddress };

        using var head = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/metrics"));
        var body = await client.GetStringAsync("/metrics");

        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", head.Content.Headers.ContentType?.ToString());
        Assert.Empty(await head.Content.ReadAsByteArrayAsync());
        Assert.Equal("# HELP http_requests http.requests\n# TYPE http_requests counter\nhttp_requests 2\n", body);
    }
}
