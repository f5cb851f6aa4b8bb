using System.IO.Compression;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace NumAgents.Instrumentation.AspNetCore;

/// <summary>Maps a Prometheus scrape endpoint onto ASP.NET Core routing.</summary>
public static class PrometheusEndpointRouteBuilderExtensions
{
    private const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    /// <summary>
    /// Serves <c>GET {pattern}</c> in the Prometheus text format 0.0.4 (gzip when asked) from the
    /// <see cref="AgentMonitor"/> registered in dependency injection, else <see cref="AgentMonitor.GetMonitor"/>.
    /// Other methods on the same path get 405 from routing.
    /// </summary>
    /// <param name="endpoints">The application's routes.</param>
    /// <param name="pattern">The path, <c>/metrics</c> by default.</param>
    public static IEndpointConventionBuilder MapPrometheusMetrics(this IEndpointRouteBuilder endpoints, string pattern = "/metrics")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var monitor = endpoints.ServiceProvider.GetService<AgentMonitor>() ?? AgentMonitor.GetMonitor();
        return endpoints.MapPrometheusMetrics(monitor.Metrics, pattern);
    }

    /// <summary>Serves <c>GET {pattern}</c> in the Prometheus text format 0.0.4 from <paramref name="metrics"/>.</summary>
    /// <param name="endpoints">The application's routes.</param>
    /// <param name="metrics">The collector to expose.</param>
    /// <param name="pattern">The path, <c>/metrics</c> by default.</param>
    public static IEndpointConventionBuilder MapPrometheusMetrics(this IEndpointRouteBuilder endpoints, MetricsCollector metrics, string pattern = "/metrics")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentException.ThrowIfNullOrWhiteSpace(pattern);
        return endpoints.MapGet(pattern, (HttpContext context) => WriteAsync(context, metrics)).WithDisplayName("Prometheus metrics");
    }

    private static async Task WriteAsync(HttpContext context, MetricsCollector metrics)
    {
        var response = context.Response;
        response.ContentType = ContentType;
        var acceptsGzip = context.Request.Headers.AcceptEncoding.Any(value => value is not null && value.Contains("gzip", StringComparison.OrdinalIgnoreCase));
        if (!acceptsGzip)
        {
            await metrics.WritePrometheusAsync(response.Body, context.RequestAborted).ConfigureAwait(false);
            return;
        }

        response.Headers.ContentEncoding = "gzip";
        var gzip = new GZipStream(response.Body, CompressionLevel.Fastest, leaveOpen: true);
        await using (gzip.ConfigureAwait(false))
        {
            await metrics.WritePrometheusAsync(gzip, context.RequestAborted).ConfigureAwait(false);
        }
    }
}
