using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using NumAgents.Instrumentation.Tests.Infrastructure;

namespace NumAgents.Instrumentation.Tests.Export.Prometheus;

/// <summary>Debian's Prometheus server scrapes our MetricsServer; its query API must see what we recorded.</summary>
public sealed class RealPrometheusServerTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("numagents-prometheus-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Prometheus_scrapes_the_counter_and_computes_the_timer_quantile()
    {
        var clock = new FakeTimeProvider();
        var metrics = new MetricsCollector(new MonitorOptions { TimeProvider = clock });
        metrics.Counter("agent.tool.calls", 42, [("tool", "search")]);
        var timer = metrics.GetTimer("agent.step.duration", [("step", "plan")]);
        foreach (var milliseconds in new[] { 3.0, 3, 3, 3, 30, 30, 30, 30 })
        {
            using (metrics.StartTimer(timer))
            {
                clock.Advance(TimeSpan.FromMilliseconds(milliseconds));
            }
        }

        using var server = new MetricsServer(metrics);
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
            $"--config.file={config} --storage.tsdb.path={Path.Combine(_directory, "data")} --web.listen-address=127.0.0.1:{webPort}")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        })!;
        var log = process.StandardError.ReadToEndAsync();
        try
        {
            using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            var api = $"http://127.0.0.1:{webPort}/api/v1/query?query=";

            var calls = await PollAsync(client, api + Uri.EscapeDataString("agent_tool_calls{tool=\"search\"}"));
            Assert.Equal(42, calls);

            // Prometheus interpolates linearly inside the bucket: 4 of 8 observations are <= 5 ms and
            // 4 more fall in (25, 50], so the 0.75 quantile is 25 + (50 - 25) * (6 - 4) / 4 = 37.5.
            var quantile = await PollAsync(client, api + Uri.EscapeDataString("histogram_quantile(0.75, sum by (le) (agent_step_duration_bucket))"));
            Assert.Equal(37.5, quantile, precision: 6);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            _ = await log;
        }
    }

    private static async Task<double> PollAsync(HttpClient client, string url)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            try
            {
                var json = JsonDocument.Parse(await client.GetStringAsync(url));
                var result = json.RootElement.GetProperty("data").GetProperty("result");
                if (result.GetArrayLength() > 0)
                {
                    return double.Parse(result[0].GetProperty("value")[1].GetString()!, CultureInfo.InvariantCulture);
                }
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException && DateTime.UtcNow < deadline)
            {
                // Prometheus is still starting (refused, 503, or too busy to answer within the client's timeout).
            }

            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Prometheus returned no sample for {url} within 60 s.");
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
