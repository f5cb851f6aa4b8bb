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
    }
}
