using System.Globalization;
using System.Net;
using Microsoft.Extensions.Logging;

namespace NumAgents.Instrumentation.Tests.Reliability;

/// <summary>
/// Faults around the toolkit (a logging provider, an export stream, the clock, a gauge callback) never
/// reach the application's call: each is contained, counted in <see cref="MonitorStatistics"/> and
/// reported through the <c>NumAgents-Instrumentation</c> event source.
/// </summary>
public sealed class FaultContainmentTests
{
    [Theory]
    [InlineData(ThrowingLoggerFactory.FailAt.CreateLogger)]
    [InlineData(ThrowingLoggerFactory.FailAt.IsEnabled)]
    [InlineData(ThrowingLoggerFactory.FailAt.Log)]
    public void A_logger_that_throws_never_reaches_the_caller(ThrowingLoggerFactory.FailAt failAt)
    {
        var marker = Guid.NewGuid().ToString("N");
        using var events = new InstrumentationEventRecorder();
        using var monitor = new AgentMonitor(new MonitorOptions { LoggerFactory = new ThrowingLoggerFactory(failAt, marker) });

        using (monitor.Tracer.Span("request"))
        {
            monitor.Log(LogLevel.Information, "first", new Dictionary<string, object?> { ["user"] = "u1" });
            monitor.Log(LogLevel.Error, new TimeoutException("boom"), "second");
        }

        // The rest of the monitor keeps working.
        monitor.Metrics.Counter("after.logging");
        Assert.Equal(1, monitor.Metrics.GetCounterValue("after.logging"));
        Assert.Single(monitor.Tracer.GetAllSpans());

        var statistics = monitor.GetStatistics();
        Assert.Equal(2, statistics.InstrumentationErrors);
        var reported = events.EventsContaining(marker);
        Assert.Equal(2, reported.Count);
        Assert.All(reported, e => Assert.Equal("InstrumentationFailed", e.EventName));
        Assert.All(reported, e => Assert.StartsWith("logging", e.Payload, StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_export_stream_that_throws_mid_write_is_contained_and_the_next_export_is_whole()
    {
        var marker = Guid.NewGuid().ToString("N");
        using var events = new InstrumentationEventRecorder();
        using var monitor = new AgentMonitor();
        FillBeyondOneBuffer(monitor);

        var prometheus = new FailingStream(allowedBytes: 70_000, marker);
        Assert.False(monitor.Metrics.WritePrometheus(prometheus));
        Assert.True(prometheus.Written > 0, "the stream failed after part of the export was written");
        Assert.False(await monitor.Metrics.WritePrometheusAsync(new FailingStream(70_000, marker)));
        var jaeger = new FailingStream(allowedBytes: 70_000, marker);
        Assert.False(monitor.Tracer.WriteJaeger(jaeger));
        Assert.True(jaeger.Written > 0, "the Jaeger stream failed mid-write");

        var statistics = monitor.GetStatistics();
        Assert.Equal(3, statistics.ExportErrors);
        Assert.Equal(0, statistics.InstrumentationErrors);
        var reported = events.EventsContaining(marker);
        Assert.Equal(3, reported.Count);
        Assert.All(reported, e => Assert.Equal("ExportFailed", e.EventName));
        Assert.Equal(2, reported.Count(e => e.Payload.StartsWith("prometheus", StringComparison.Ordinal)));
        Assert.Equal(1, reported.Count(e => e.Payload.StartsWith("jaeger", StringComparison.Ordinal)));

        // Nothing was left half-done: the next exports are complete.
        using var whole = new MemoryStream();
        Assert.True(monitor.Metrics.WritePrometheus(whole));
        Assert.Equal(monitor.Metrics.ExportPrometheus(), System.Text.Encoding.UTF8.GetString(whole.ToArray()));
        using var trace = new MemoryStream();
        Assert.True(monitor.Tracer.WriteJaeger(trace));
        JaegerSchema.AssertValid(System.Text.Json.Nodes.JsonNode.Parse(trace.ToArray())!);
    }

    [Fact]
    public void A_clock_that_runs_backwards_never_breaks_recording_or_export()
    {
        var logs = new CountingLoggerFactory();
        using var monitor = new AgentMonitor(new MonitorOptions { TimeProvider = new BackwardsTimeProvider(), LoggerFactory = logs });
        var metrics = monitor.Metrics;

        using (metrics.Timer("work.duration"))
        {
            metrics.Counter("work.done");
        }

        var handle = metrics.GetTimer("bound.duration");
        using (metrics.StartTimer(handle))
        {
        }

        var traceId = monitor.Tracer.StartTrace("backwards");
        using (var parent = monitor.Tracer.Span("parent"))
        {
            parent.AddEvent("event");
            using (monitor.Tracer.Span("child"))
            {
                monitor.Log(LogLevel.Information, "inside");
            }
        }

        var manual = monitor.Tracer.StartSpan("manual");
        monitor.Tracer.FinishSpan(manual, SpanStatus.Error, "late");

        Assert.All([metrics.GetHistogramStats("work.duration"), metrics.GetHistogramStats("bound.duration")], stats =>
        {
            Assert.Equal(1, stats.Count);
            Assert.True(stats.Min >= 0, $"a backwards clock recorded {stats.Min} ms");
        });
        Assert.All(monitor.Tracer.GetAllSpans(), span => Assert.True(span.DurationMs >= 0, $"span {span.Name} lasted {span.DurationMs} ms"));
        Assert.Equal(3, monitor.Tracer.GetAllSpans().Count);
        JaegerSchema.AssertValid(monitor.Tracer.ExportJaeger(traceId));
        JaegerSchema.AssertValid(monitor.Tracer.ExportJaeger());
        Assert.Contains("work_done_total 1\n", metrics.ExportPrometheus(), StringComparison.Ordinal);
        Assert.All(metrics.GetAllMetrics().Values.SelectMany(m => m), metric => Assert.NotEqual(default, metric.Timestamp));
        Assert.Equal(1, logs.Records);

        var statistics = monitor.GetStatistics();
        Assert.Equal(0, statistics.ExportErrors);
        Assert.Equal(0, statistics.InstrumentationErrors);
    }

    [Fact]
    public async Task A_gauge_callback_that_throws_leaves_the_scrape_whole()
    {
        var marker = Guid.NewGuid().ToString("N");
        using var events = new InstrumentationEventRecorder();
        using var monitor = new AgentMonitor();
        monitor.Metrics.ObservableGauge("connections.open", () => throw new ObjectDisposedException(marker), [("pool", "db")]);
        monitor.Metrics.ObservableGauge("queue.depth", () => 12);
        monitor.Metrics.Counter("requests.total", 5);
        using var server = monitor.StartMetricsServer();

        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        using var response = await client.GetAsync(server.Url);
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("queue_depth 12\n", body, StringComparison.Ordinal);
        Assert.Contains("requests_total 5\n", body, StringComparison.Ordinal);
        Assert.DoesNotContain("connections_open{", body, StringComparison.Ordinal);
        Assert.Equal(1, monitor.GetStatistics().InstrumentationErrors);
        Assert.Equal(0, monitor.GetStatistics().ExportErrors);
        var reported = Assert.Single(events.EventsContaining(marker));
        Assert.Contains("'connections.open' {pool=db}", reported.Payload, StringComparison.Ordinal);
    }

    private static void FillBeyondOneBuffer(AgentMonitor monitor)
    {
        // More than the 64 KiB the stream writer buffers, so the stream fails after a first chunk went out.
        for (var i = 0; i < 1_500; i++)
        {
            var id = i.ToString(CultureInfo.InvariantCulture);
            monitor.Metrics.Counter("requests.by.route", labels: [("route", "/api/v1/resources/" + id), ("method", "GET")]);
            monitor.Metrics.Histogram("latency.by.route", i, labels: [("route", "/api/v1/resources/" + id)]);
            using var span = monitor.Tracer.Span("operation-" + id);
            span.SetAttribute("resource.id", id);
        }
    }
}
