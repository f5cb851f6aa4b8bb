using System.Net;

namespace NumAgents.Instrumentation.Tests.Reliability;

/// <summary>Disposal of a monitor that serves metrics, and spans and timers that end after a Clear.</summary>
public sealed class MonitorLifecycleTests
{
    [Fact]
    public async Task Disposing_the_monitor_stops_the_server_it_started()
    {
        var monitor = new AgentMonitor();
        monitor.Metrics.Counter("requests.total", 2);
        var server = monitor.StartMetricsServer();
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        Assert.Contains("requests_total 2\n", await client.GetStringAsync(server.Url), StringComparison.Ordinal);

        monitor.Dispose();

        await Assert.ThrowsAsync<HttpRequestException>(() => client.GetStringAsync(server.Url));
        Assert.Throws<ObjectDisposedException>(() => monitor.StartMetricsServer());
        monitor.Dispose();
        server.Dispose();

        // Recording into a disposed monitor stays harmless.
        monitor.Metrics.Counter("requests.total");
        Assert.Equal(3, monitor.Metrics.GetCounterValue("requests.total"));
    }

    [Fact]
    public async Task Disposing_the_monitor_lets_a_scrape_in_flight_finish_whole()
    {
        var monitor = new AgentMonitor();
        using var scrapeEntered = new ManualResetEventSlim();
        using var releaseScrape = new ManualResetEventSlim();
        monitor.Metrics.Counter("a.requests.total", 5);
        monitor.Metrics.ObservableGauge("b.slow.gauge", () =>
        {
            scrapeEntered.Set();
            releaseScrape.Wait(TimeSpan.FromSeconds(30));
            return 42;
        });
        monitor.Metrics.Counter("c.after.total", 7);
        var server = monitor.StartMetricsServer();
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };

        var scrape = client.GetAsync(server.Url);
        Assert.True(scrapeEntered.Wait(TimeSpan.FromSeconds(30)), "the scrape did not start");
        var dispose = Task.Run(monitor.Dispose);
        await Task.Delay(200);
        Assert.False(dispose.IsCompleted, "Dispose returned while a scrape was still writing");
        releaseScrape.Set();
        await dispose;

        using var response = await scrape;
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("a_requests_total 5\n", body, StringComparison.Ordinal);
        Assert.Contains("b_slow_gauge 42\n", body, StringComparison.Ordinal);
        Assert.EndsWith("c_after_total 7\n", body, StringComparison.Ordinal);
        await Assert.ThrowsAsync<HttpRequestException>(() => client.GetStringAsync(server.Url));
    }

    [Fact]
    public void A_span_finished_after_Clear_does_not_bring_old_state_back()
    {
        using var monitor = new AgentMonitor();
        var tracer = monitor.Tracer;
        var traceId = tracer.StartTrace("request");
        var root = tracer.Span("root");
        var child = tracer.StartSpan("child");
        using (tracer.Span("finished.before.clear"))
        {
        }

        var timer = monitor.Metrics.Timer("step.duration");
        monitor.Metrics.Counter("before.clear");

        monitor.Clear();
        Assert.Empty(tracer.GetAllSpans());

        tracer.FinishSpan(child);
        timer.Dispose();
        root.Dispose();

        var spans = tracer.GetAllSpans();
        Assert.Equal(["root", "child"], spans.Select(s => s.Name));
        Assert.Equal(["root", "child"], tracer.GetTraceSpans(traceId).Select(s => s.Name));
        Assert.NotNull(tracer.GetSpan(root.SpanId));
        var exported = tracer.ExportJaeger(traceId)["data"]![0]!["spans"]!.AsArray().Select(s => (string)s!["operationName"]!).ToList();
        Assert.Equal(["root", "child"], exported);
        Assert.Equal(2, monitor.GetStatistics().SpansCount);
        Assert.Equal(0, monitor.GetStatistics().ActiveTraces);

        // The timer that ran across the Clear records into a new series; the cleared counter stays gone.
        Assert.Equal(["step.duration"], monitor.Metrics.GetAllMetrics().Keys);
        Assert.Equal(1, monitor.Metrics.GetHistogramStats("step.duration").Count);
        Assert.Equal(0, monitor.Metrics.GetCounterValue("before.clear"));
    }
}
