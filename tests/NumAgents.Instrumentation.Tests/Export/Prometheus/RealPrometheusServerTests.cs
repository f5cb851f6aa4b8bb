using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using NumAgents.Instrumentation.Tests.Infrastructure;

namespace NumAgents.Instrumentation.Tests.Export.Prometheus;

/// <summary>
/// Debian's Prometheus server, with exemplar storage on, scrapes a monitor's metrics server (it asks for
/// OpenMetrics first); its query API must see what was recorded, the traces behind it, and compute the
/// quantile we compute from the same buckets.
/// </summary>
[Trait("Requires", "prometheus")]
public sealed class RealPrometheusServerTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("numagents-prometheus-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Prometheus_scrapes_OpenMetrics_with_exemplars_of_our_spans_and_agrees_on_the_quantile()
    {
        // A fake clock from now, so durations are exact and exemplar timestamps fall in the query window.
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var monitor = new AgentMonitor(new MonitorOptions { ServiceName = "prometheus_test", TimeProvider = clock, EnableLogging = false });
        var metrics = monitor.Metrics;
        var timer = metrics.GetTimer("agent.step.duration", [("step", "plan")]);
        var calls = metrics.GetCounter("agent.tool.calls", [("tool", "search")]);
        foreach (var milliseconds in new[] { 3.0, 3, 3, 3, 30, 30, 30, 30 })
        {
            using var span = monitor.Tracer.Span("step");
            using (metrics.StartTimer(timer))
            {
                clock.Advance(TimeSpan.FromMilliseconds(milliseconds));
            }

            calls.Add(5);
        }

        calls.Add(2);
        using var server = monitor.StartMetricsServer();
        var webPort = FreePort();
        var config = Path.Combine(_directory, "prometheus.yml");
        await File.WriteAllTextAsync(config, $"""
            global:
              scrape_interval: 1s
            scrape_configs:
              - job_name: numagents
                scrape_interval: 1s
                static_configs:
                  - targets: ["127.0.0.1:{server.Port}"]
            """);

        var prometheus = ExternalTool.Resolve("prometheus");
        using var process = Process.Start(new ProcessStartInfo(prometheus,
            $"--config.file={config} --storage.tsdb.path={Path.Combine(_directory, "data")} --web.listen-address=127.0.0.1:{webPort} --enable-feature=exemplar-storage")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        })!;
        var log = process.StandardError.ReadToEndAsync();
        try
        {
            using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            var api = $"http://127.0.0.1:{webPort}/api/v1/";

            Assert.Equal(42, await PollValueAsync(client, api + "query?query=" + Uri.EscapeDataString("agent_tool_calls_total{tool=\"search\"}")));

            // Prometheus interpolates linearly inside the bucket: 4 of 8 observations are <= 5 ms and 4 more
            // fall in (25 ms, 50 ms], so the 0.75 quantile is 0.025 + (0.05 - 0.025) * (6 - 4) / 4 seconds.
            var quantile = await PollValueAsync(client, api + "query?query=" + Uri.EscapeDataString("histogram_quantile(0.75, sum by (le) (agent_step_duration_seconds_bucket))"));
            var ours = BucketQuantile.FromOpenMetrics(metrics.ExportPrometheus(new PrometheusExportOptions { Format = PrometheusFormat.OpenMetrics }), "agent_step_duration_seconds", 0.75);
            Assert.Equal(0.0375, ours, precision: 12);
            Assert.Equal(ours, quantile, precision: 9);

            // Every exemplar Prometheus stored names a span our monitor recorded, in that span's trace.
            var window = $"&start={DateTimeOffset.UtcNow.AddHours(-1).ToUnixTimeSeconds()}&end={DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds()}";
            foreach (var (query, expectedAtLeast) in new[] { ("agent_step_duration_seconds_bucket", 2), ("agent_tool_calls_total", 1) })
            {
                var exemplars = await PollExemplarsAsync(client, api + "query_exemplars?query=" + Uri.EscapeDataString(query) + window, expectedAtLeast);
                foreach (var (traceId, spanId) in exemplars)
                {
                    var span = monitor.Tracer.GetSpan(spanId);
                    Assert.True(span is not null, $"exemplar span {spanId} of {query} is not a span of the monitor");
                    Assert.Equal(span.TraceId, traceId);
                }
            }
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            _ = await log;
        }
    }

    private static async Task<double> PollValueAsync(HttpClient client, string url)
    {
        var result = await PollAsync(client, url, data => data.GetProperty("result") is var r && r.GetArrayLength() > 0 ? r : (JsonElement?)null);
        return double.Parse(result[0].GetProperty("value")[1].GetString()!, CultureInfo.InvariantCulture);
    }

    private static async Task<List<(string TraceId, string SpanId)>> PollExemplarsAsync(HttpClient client, string url, int atLeast)
    {
        var data = await PollAsync(client, url, data => data.EnumerateArray().Sum(series => series.GetProperty("exemplars").GetArrayLength()) >= atLeast ? data : null);
        return data.EnumerateArray()
            .SelectMany(series => series.GetProperty("exemplars").EnumerateArray())
            .Select(exemplar => exemplar.GetProperty("labels"))
            .Select(labels => (labels.GetProperty("trace_id").GetString()!, labels.GetProperty("span_id").GetString()!))
            .ToList();
    }

    private static async Task<JsonElement> PollAsync(HttpClient client, string url, Func<JsonElement, JsonElement?> ready)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            try
            {
                var json = JsonDocument.Parse(await client.GetStringAsync(url));
                if (ready(json.RootElement.GetProperty("data")) is { } found) return found;
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException && DateTime.UtcNow < deadline)
            {
                // Prometheus is still starting (refused, 503, or too busy to answer within the client's timeout).
            }

            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Prometheus returned nothing for {url} within 60 s.");
            await Task.Delay(250);
        }
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
