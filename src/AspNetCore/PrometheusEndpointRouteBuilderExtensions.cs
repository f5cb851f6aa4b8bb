using System.IO.Compression;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace NumAgents.Instrumentation.AspNetCore;

/// <summary>Maps a Prometheus scrape endpoint onto ASP.NET Core routing.</summary>
public static class PrometheusEndpointRouteBuilderExtensions
{
    private static readonly string[] Methods = [HttpMethods.Get, HttpMethods.Head];

    /// <summary>
    /// Serves <c>GET</c> and <c>HEAD {pattern}</c> from the <see cref="AgentMonitor"/> registered in dependency
    /// injection, else <see cref="AgentMonitor.GetMonitor"/>, named as the monitor's
    /// <see cref="MonitorOptions.PrometheusNaming"/> says: OpenMetrics 1.0.0 when the scraper's <c>Accept</c>
    /// header ranks it first (as Prometheus does), the text format 0.0.4 otherwise, gzip when asked. Other
    /// methods on the same path get 405 with an <c>Allow</c> header from routing.
    /// </summary>
    /// <param name="endpoints">The application's routes.</param>
    /// <param name="pattern">The path, <c>/metrics</c> by default.</param>
    public static IEndpointConventionBuilder MapPrometheusMetrics(this IEndpointRouteBuilder endpoints, string pattern = "/metrics")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var monitor = endpoints.ServiceProvider.GetService<AgentMonitor>() ?? AgentMonitor.GetMonitor();
        return endpoints.MapPrometheusMetrics(monitor.Metrics, pattern, monitor.Options.PrometheusNaming);
    }

    /// <summary>Serves <c>GET</c> and <c>HEAD {pattern}</c> from <paramref name="metrics"/>, negotiating the format as above.</summary>
    /// <param name="endpoints">The application's routes.</param>
    /// <param name="metrics">The collector to expose.</param>
    /// <param name="pattern">The path, <c>/metrics</c> by default.</param>
    /// <param name="naming">How names and units are written.</param>
    public static IEndpointConventionBuilder MapPrometheusMetrics(this IEndpointRouteBuilder endpoints, MetricsCollector metrics, string pattern = "/metrics", PrometheusNaming naming = PrometheusNaming.Conventional)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentException.ThrowIfNullOrWhiteSpace(pattern);
        return endpoints.MapMethods(pattern, Methods, (HttpContext context) => WriteAsync(context, metrics, naming)).WithDisplayName("Prometheus metrics");
    }

    private static async Task WriteAsync(HttpContext context, MetricsCollector metrics, PrometheusNaming naming)
    {
        var request = context.Request;
        var response = context.Response;
        var format = PrometheusContentNegotiation.FromAcceptHeader(request.Headers.Accept.ToString());
        var options = new PrometheusExportOptions { Format = format, Naming = naming };
        response.ContentType = options.ContentType;
        response.Headers.Vary = "Accept, Accept-Encoding";
        var acceptsGzip = PrometheusContentNegotiation.AcceptsGzip(request.Headers.AcceptEncoding.ToString());
        if (acceptsGzip) response.Headers.ContentEncoding = "gzip";
        if (HttpMethods.IsHead(request.Method)) return;

        if (!acceptsGzip)
        {
            await metrics.WritePrometheusAsync(response.Body, options, context.RequestAborted).ConfigureAwait(false);
            return;
        }

        var gzip = new GZipStream(response.Body, CompressionLevel.Fastest, leaveOpen: true);
        await using (gzip.ConfigureAwait(false))
        {
            await metrics.WritePrometheusAsync(gzip, options, context.RequestAborted).ConfigureAwait(false);
        }
    }
}
