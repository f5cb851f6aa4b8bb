using System.Text;

namespace NumAgents.Instrumentation.Tests.Export.Prometheus;

public sealed class PrometheusFormatTests
{
    [Fact]
    public void Whole_numbers_take_the_integer_fast_path_and_print_what_round_trip_formatting_prints()
    {
        var random = new Random(5);
        var values = new List<double> { 0, -0.0, 1, -1, 42, 1e15 - 1, -(1e15 - 1), 1e15, -1e15, 1e16, 9007199254740992, 0.5, -2.5, 1e-300, double.MaxValue, double.Epsilon };
        for (var i = 0; i < 20_000; i++)
        {
            var magnitude = Math.Pow(10, random.NextDouble() * 17);
            values.Add(Math.Round(magnitude) * (random.Next(2) == 0 ? 1 : -1));
            values.Add(magnitude);
        }

        Span<byte> buffer = stackalloc byte[64];
        foreach (var value in values)
        {
            Assert.True(NumAgents.Instrumentation.Export.Prometheus.PrometheusNumbers.TryFormat(value, buffer, out var written));
            Assert.Equal(value.ToString("R", System.Globalization.CultureInfo.InvariantCulture), Encoding.UTF8.GetString(buffer[..written]));
        }
    }

    [Theory]
    [InlineData(0L, "0")]
    [InlineData(1L, "0.0000001")]
    [InlineData(5_000_000L, "0.5")]
    [InlineData(12_345_670L, "1.234567")]
    [InlineData(17_960_832_000_000_000L, "1796083200")]
    [InlineData(17_960_832_000_500_000L, "1796083200.05")]
    [InlineData(-5L, "0")]
    public void OpenMetrics_timestamps_are_seconds_since_the_epoch_with_the_fraction_to_100_ns(long ticksSinceEpoch, string expected)
    {
        Span<byte> buffer = stackalloc byte[64];
        Assert.True(NumAgents.Instrumentation.Export.Prometheus.PrometheusNumbers.TryFormatTimestamp(DateTimeOffset.UnixEpoch.UtcTicks + ticksSinceEpoch, buffer, out var written));
        Assert.Equal(expected, Encoding.UTF8.GetString(buffer[..written]));
    }

    [Fact]
    public void Exports_allocate_nothing_per_series_once_the_series_are_rendered()
    {
        using var monitor = new AgentMonitor(new MonitorOptions { EnableLogging = false });
        var openMetrics = new PrometheusExportOptions { Format = PrometheusFormat.OpenMetrics };
        using (monitor.Tracer.Span("request"))
        {
            for (var i = 0; i < 2000; i++)
            {
                var id = i.ToString(System.Globalization.CultureInfo.InvariantCulture);
                monitor.Metrics.Counter("requests", labels: [("id", id)]);
                monitor.Metrics.Histogram("latency", i, labels: [("id", id)]);
            }
        }

        // The first exports render names and label blocks once; later ones copy them.
        Assert.True(monitor.Metrics.WritePrometheus(Stream.Null));
        Assert.True(monitor.Metrics.WritePrometheus(Stream.Null, openMetrics));

        Assert.InRange(Infrastructure.Allocations.Measure(() => monitor.Metrics.WritePrometheus(Stream.Null)), 0, 1024);
        Assert.InRange(Infrastructure.Allocations.Measure(() => monitor.Metrics.WritePrometheus(Stream.Null, openMetrics)), 0, 1024);
    }

    [Fact]
    public void Export_matches_the_text_format_exactly()
    {
        var metrics = new MetricsCollector();
        metrics.Counter("api.requests.total", 3, [("method", "GET")], "Requests served");
        metrics.Gauge("memory_usage_bytes", 1024, [("host", "server1")]);
        var latency = metrics.GetHistogram("db.latency", [("db", "main")], "Query latency", buckets: [1, 10]);
        latency.Record(0.5);
        latency.Record(5);
        latency.Record(50);

        var expected = """
            # HELP api_requests_total Requests served
            # TYPE api_requests_total counter
            api_requests_total{method="GET"} 3
            # HELP db_latency Query latency
            # TYPE db_latency histogram
            db_latency_bucket{db="main",le="1"} 1
            db_latency_bucket{db="main",le="10"} 2
            db_latency_bucket{db="main",le="+Inf"} 3
            db_latency_sum{db="main"} 55.5
            db_latency_count{db="main"} 3
            # HELP memory_usage_bytes memory_usage_bytes
            # TYPE memory_usage_bytes gauge
            memory_usage_bytes{host="server1"} 1024

            """.ReplaceLineEndings("\n");
        Assert.Equal(expected, metrics.ExportPrometheus());
    }

    [Theory]
    [InlineData("api.requests.total", "api_requests_total")]
    [InlineData("9lives", "_9lives_total")]
    [InlineData("cpu-usage %", "cpu_usage___total")]
    [InlineData("ok_name", "ok_name_total")]
    [InlineData("naïve", "na_ve_total")]
    public void Metric_names_are_sanitized(string name, string exported)
    {
        var metrics = new MetricsCollector();
        metrics.Counter(name);
        Assert.Contains($"\n{exported} 1\n", "\n" + metrics.ExportPrometheus(), StringComparison.Ordinal);
    }

    [Fact]
    public void Label_names_are_sanitized_and_values_escaped()
    {
        var metrics = new MetricsCollector();
        metrics.Counter("weird", labels: [("http.method", "a\"b\\c\nd"), ("0day", "x"), ("__reserved", "y")]);
        var text = metrics.ExportPrometheus();
        Assert.Contains("weird_total{_0day=\"x\",_reserved=\"y\",http_method=\"a\\\"b\\\\c\\nd\"} 1\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Help_text_is_escaped()
    {
        var metrics = new MetricsCollector();
        metrics.Counter("documented", description: "line one\nline \\two \"quoted\"");
        Assert.Contains("# HELP documented_total line one\\nline \\\\two \"quoted\"\n", metrics.ExportPrometheus(), StringComparison.Ordinal);
    }

    [Fact]
    public void Families_are_in_a_stable_order_and_each_header_appears_once()
    {
        var metrics = new MetricsCollector();
        metrics.Counter("zeta", labels: [("k", "1")]);
        metrics.Counter("alpha");
        metrics.Counter("zeta", labels: [("k", "2")]);
        var text = metrics.ExportPrometheus();

        Assert.True(text.IndexOf("# TYPE alpha_total", StringComparison.Ordinal) < text.IndexOf("# TYPE zeta_total", StringComparison.Ordinal));
        Assert.Equal(1, text.Split('\n').Count(line => line == "# TYPE zeta_total counter"));
        Assert.Equal(text, metrics.ExportPrometheus());
    }

    [Fact]
    public void Streaming_export_writes_the_same_bytes()
    {
        var metrics = new MetricsCollector();
        for (var i = 0; i < 3000; i++)
        {
            metrics.Counter("series.count", i, [("id", "value-" + i.ToString(System.Globalization.CultureInfo.InvariantCulture))]);
        }

        using var stream = new MemoryStream();
        Assert.True(metrics.WritePrometheus(stream));
        Assert.Equal(metrics.ExportPrometheus(), Encoding.UTF8.GetString(stream.ToArray()));
    }

    [Fact]
    public async Task Async_export_writes_the_same_bytes_in_batches()
    {
        var metrics = new MetricsCollector();
        for (var family = 0; family < 50; family++)
        {
            for (var i = 0; i < 200; i++)
            {
                metrics.Counter("family." + family.ToString(System.Globalization.CultureInfo.InvariantCulture), i, [("id", "value-" + i.ToString(System.Globalization.CultureInfo.InvariantCulture))]);
            }
        }

        using var stream = new CountingStream();
        Assert.True(await metrics.WritePrometheusAsync(stream));
        Assert.Equal(metrics.ExportPrometheus(), Encoding.UTF8.GetString(stream.ToArray()));
        Assert.True(stream.AsyncWrites > 1, "a large export is written in several batches");
        Assert.Equal(0, stream.SyncWrites);
    }

    [Fact]
    public async Task Async_export_to_a_failing_stream_is_contained_and_counted()
    {
        var monitor = new AgentMonitor();
        monitor.Metrics.Counter("c");
        using var failing = new FailingStream(failAfterBytes: 0);
        Assert.False(await monitor.Metrics.WritePrometheusAsync(failing));
        Assert.Equal(1, monitor.GetStatistics().ExportErrors);
    }

    [Fact]
    public void A_stream_that_fails_mid_write_is_contained_and_counted()
    {
        var monitor = new AgentMonitor();
        for (var i = 0; i < 5000; i++)
        {
            monitor.Metrics.Counter("c", labels: [("id", i.ToString(System.Globalization.CultureInfo.InvariantCulture))]);
        }

        using var failing = new FailingStream(failAfterBytes: 1000);
        Assert.False(monitor.Metrics.WritePrometheus(failing));
        Assert.Equal(1, monitor.GetStatistics().ExportErrors);
    }

    [Fact]
    public void Large_label_values_are_written_whole()
    {
        var metrics = new MetricsCollector();
        var large = new string('x', 200_000);
        metrics.Counter("big", labels: [("payload", large)]);
        using var stream = new MemoryStream();
        metrics.WritePrometheus(stream);
        Assert.Contains(large, Encoding.UTF8.GetString(stream.ToArray()), StringComparison.Ordinal);
    }

    private sealed class FailingStream(int failAfterBytes) : MemoryStream
    {
        public override void Write(byte[] buffer, int offset, int count)
        {
            if (Length + count > failAfterBytes) throw new IOException("disk full");
            base.Write(buffer, offset, count);
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (Length + buffer.Length > failAfterBytes) throw new IOException("disk full");
            return base.WriteAsync(buffer, cancellationToken);
        }
    }

    private sealed class CountingStream : MemoryStream
    {
        public int AsyncWrites { get; private set; }

        public int SyncWrites { get; private set; }

        private bool _insideAsyncWrite;

        public override void Write(byte[] buffer, int offset, int count)
        {
            // MemoryStream implements WriteAsync with its own Write; only direct calls count.
            if (!_insideAsyncWrite) SyncWrites++;
            base.Write(buffer, offset, count);
        }

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            AsyncWrites++;
            _insideAsyncWrite = true;
            try
            {
                await base.WriteAsync(buffer, cancellationToken);
            }
            finally
            {
                _insideAsyncWrite = false;
            }
        }
    }
}
