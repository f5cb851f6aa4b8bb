using Microsoft.Extensions.Time.Testing;

namespace NumAgents.Instrumentation.Tests.Export.Prometheus;

/// <summary>OpenMetrics 1.0.0 as the specification writes it, checked byte for byte and by Python's OpenMetrics parser.</summary>
public sealed class OpenMetricsFormatTests
{
    private static readonly PrometheusExportOptions OpenMetrics = new() { Format = PrometheusFormat.OpenMetrics };

    // 2026-12-01T00:00:00Z, so _created values are readable.
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void The_exposition_has_type_unit_help_totals_created_and_EOF()
    {
        var clock = new FakeTimeProvider(Start);
        var metrics = new MetricsCollector(new MetricsOptions { TimeProvider = clock });
        metrics.Counter("api.requests", 3, [("method", "GET")], "Requests \"served\"\nper route \\ method");
        clock.Advance(TimeSpan.FromMilliseconds(250));
        metrics.Gauge("memory.usage", 2048, unit: "By");
        var timer = metrics.GetTimer("db.query", [("db", "main")], buckets: [10]);
        using (metrics.StartTimer(timer))
        {
            clock.Advance(TimeSpan.FromMilliseconds(4));
        }

        Assert.Equal("""
            # TYPE api_requests counter
            # HELP api_requests Requests \"served\"\nper route \\ method
            api_requests_total{method="GET"} 3
            api_requests_created{method="GET"} 1796083200
            # TYPE db_query_seconds histogram
            # UNIT db_query_seconds seconds
            # HELP db_query_seconds db.query
            db_query_seconds_bucket{db="main",le="0.01"} 1
            db_query_seconds_bucket{db="main",le="+Inf"} 1
            db_query_seconds_count{db="main"} 1
            db_query_seconds_sum{db="main"} 0.004
            db_query_seconds_created{db="main"} 1796083200.25
            # TYPE memory_usage_bytes gauge
            # UNIT memory_usage_bytes bytes
            # HELP memory_usage_bytes memory.usage
            memory_usage_bytes 2048
            # EOF

            """.ReplaceLineEndings("\n"), metrics.ExportPrometheus(OpenMetrics));
    }

    [Fact]
    public void A_histogram_that_saw_a_negative_value_or_has_negative_bounds_writes_no_sum_or_count()
    {
        var metrics = new MetricsCollector();
        metrics.Histogram("temperature.change", -3);
        metrics.GetHistogram("offset", buckets: [-10, 0, 10]).Record(5);
        metrics.Histogram("positive", 3);

        var text = metrics.ExportPrometheus(OpenMetrics);

        Assert.DoesNotContain("temperature_change_sum", text, StringComparison.Ordinal);
        Assert.DoesNotContain("temperature_change_count", text, StringComparison.Ordinal);
        Assert.DoesNotContain("offset_sum", text, StringComparison.Ordinal);
        Assert.Contains("positive_sum 3\n", text, StringComparison.Ordinal);

        // The text format has no such rule and keeps both.
        Assert.Contains("temperature_change_sum -3\n", metrics.ExportPrometheus(), StringComparison.Ordinal);
    }

    [Fact]
    public void Legacy_naming_in_OpenMetrics_still_ends_counter_samples_in_total()
    {
        var metrics = new MetricsCollector();
        metrics.Counter("jobs.done");
        using (metrics.Timer("step"))
        {
        }

        var text = metrics.ExportPrometheus(OpenMetrics with { Naming = PrometheusNaming.Legacy });

        Assert.Contains("# TYPE jobs_done counter\n# HELP jobs_done jobs.done\njobs_done_total 1\n", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE step histogram\n# HELP step step\nstep_bucket{le=\"0.5\"} 1\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Streaming_and_async_exports_write_the_same_bytes_as_the_string_export()
    {
        var metrics = new MetricsCollector();
        for (var i = 0; i < 3000; i++)
        {
            metrics.Counter("family." + (i % 30).ToString(System.Globalization.CultureInfo.InvariantCulture), i, [("id", "v" + i.ToString(System.Globalization.CultureInfo.InvariantCulture))]);
        }

        using var stream = new MemoryStream();
        using var asyncStream = new MemoryStream();
        Assert.True(metrics.WritePrometheus(stream, OpenMetrics));
        Assert.True(await metrics.WritePrometheusAsync(asyncStream, OpenMetrics));

        var expected = metrics.ExportPrometheus(OpenMetrics);
        Assert.Equal(expected, System.Text.Encoding.UTF8.GetString(stream.ToArray()));
        Assert.Equal(expected, System.Text.Encoding.UTF8.GetString(asyncStream.ToArray()));
    }

    [Fact]
    [Trait("Requires", "python3-prometheus-client")]
    public void Pythons_OpenMetrics_parser_reads_every_kind_back_with_units_help_and_exemplars()
    {
        using var monitor = new AgentMonitor(new MonitorOptions { EnableLogging = false });
        var metrics = monitor.Metrics;
        string traceId;
        string spanId;
        using (var span = monitor.Tracer.Span("request"))
        {
            traceId = span.TraceId;
            spanId = span.SpanId;
            metrics.Counter("api.requests", 7, [("path", "/users/\"me\"\\x\nnext")], "Requests \"served\"\n\\ per route");
            metrics.Histogram("payload.size", 300, unit: "By");
            using (metrics.Timer("db.query"))
            {
            }
        }

        metrics.Gauge("memory.usage", -12.25, [("zone", "ünïcødé ✓")], unit: "By");
        metrics.GetHistogram("payload.size", unit: "By").Record(20, [("request_id", "r-1")]);

        var families = OpenMetricsPeer.Parse(metrics.ExportPrometheus(OpenMetrics));

        var requests = families.Single(f => f.Name == "api_requests");
        Assert.Equal(("counter", "Requests \"served\"\n\\ per route"), (requests.Type, requests.Help));
        var total = requests.Samples.Single(s => s.Name == "api_requests_total");
        Assert.Equal(7, total.Value);
        Assert.Equal("/users/\"me\"\\x\nnext", total.Labels["path"]);
        Assert.Equal(traceId, total.Exemplar!["trace_id"]);
        Assert.Equal(spanId, total.Exemplar["span_id"]);
        Assert.Contains(requests.Samples, s => s.Name == "api_requests_created");

        var payload = families.Single(f => f.Name == "payload_size_bytes");
        Assert.Equal(("histogram", "bytes"), (payload.Type, payload.Unit));
        Assert.Equal(320, payload.Samples.Single(s => s.Name == "payload_size_bytes_sum").Value);
        Assert.Contains(payload.Samples, s => s.Exemplar is { } e && e.TryGetValue("trace_id", out var id) && id == traceId);
        Assert.Contains(payload.Samples, s => s.Exemplar is { } e && e.TryGetValue("request_id", out var id) && id == "r-1");

        Assert.Equal("seconds", families.Single(f => f.Name == "db_query_seconds").Unit);
        var memory = families.Single(f => f.Name == "memory_usage_bytes");
        Assert.Equal(-12.25, memory.Samples.Single().Value);
        Assert.Equal("ünïcødé ✓", memory.Samples.Single().Labels["zone"]);
    }
}
