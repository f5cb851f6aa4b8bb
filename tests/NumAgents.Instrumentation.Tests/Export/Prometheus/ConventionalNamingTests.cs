using Microsoft.Extensions.Time.Testing;
using NumAgents.Instrumentation.Tests.Infrastructure;

namespace NumAgents.Instrumentation.Tests.Export.Prometheus;

/// <summary>Names as the Prometheus naming guide wants them by default (issue 15), and the names of earlier versions on request.</summary>
public sealed class ConventionalNamingTests
{
    private static readonly PrometheusExportOptions Legacy = new() { Naming = PrometheusNaming.Legacy };

    [Fact]
    public void Counters_end_in_exactly_one_total()
    {
        var metrics = new MetricsCollector();
        metrics.Counter("jobs.done");
        metrics.Counter("api.requests.total", 2);

        var text = metrics.ExportPrometheus();
        Assert.Contains("# TYPE jobs_done_total counter\njobs_done_total 1\n", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE api_requests_total counter\napi_requests_total 2\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Timers_are_reported_in_seconds_with_converted_values_and_bounds()
    {
        var clock = new FakeTimeProvider();
        var metrics = new MetricsCollector(new MetricsOptions { TimeProvider = clock });
        var timer = metrics.GetTimer("db.query.duration.ms", buckets: [5, 50]);
        foreach (var milliseconds in new[] { 3.0, 30, 300 })
        {
            using (metrics.StartTimer(timer))
            {
                clock.Advance(TimeSpan.FromMilliseconds(milliseconds));
            }
        }

        Assert.Equal("""
            # HELP db_query_duration_seconds db.query.duration.ms
            # TYPE db_query_duration_seconds histogram
            db_query_duration_seconds_bucket{le="0.005"} 1
            db_query_duration_seconds_bucket{le="0.05"} 2
            db_query_duration_seconds_bucket{le="+Inf"} 3
            db_query_duration_seconds_sum 0.333
            db_query_duration_seconds_count 3

            """.ReplaceLineEndings("\n"), metrics.ExportPrometheus());

        // The recorded values stay in milliseconds: only the export converts.
        Assert.Equal(333, metrics.GetHistogramStats("db.query.duration.ms").Sum, 9);
    }

    [Fact]
    public void Declared_units_become_suffixes_by_OpenTelemetry_rules()
    {
        var metrics = new MetricsCollector();
        metrics.Gauge("memory.usage", 2048, unit: "By");
        metrics.Gauge("cpu.utilization", 0.5, unit: "1");
        metrics.Counter("http.requests", unit: "{request}");
        metrics.Gauge("network.throughput", 10, unit: "By/s");
        metrics.Counter("bytes.sent", 100, unit: "By");
        metrics.Counter("io.read.bytes", 7, unit: "By");
        metrics.Histogram("payload.size", 512, unit: "KiBy");
        metrics.Gauge("room.temperature", 20, unit: "Cel");
        metrics.Gauge("custom", 1, unit: "widgets");

        var text = metrics.ExportPrometheus();
        foreach (var family in new[]
        {
            "memory_usage_bytes gauge", "cpu_utilization_ratio gauge", "http_requests_total counter", "network_throughput_bytes_per_second gauge",
            "bytes_sent_bytes_total counter", "io_read_bytes_total counter", "payload_size_kibibytes histogram", "room_temperature_celsius gauge", "custom_widgets gauge",
        })
        {
            Assert.Contains("# TYPE " + family + "\n", text, StringComparison.Ordinal);
        }

        Assert.Equal("By", Assert.Single(metrics.GetMetric("memory.usage")).Unit);
    }

    [Fact]
    public void A_unit_is_fixed_by_first_use_and_rejected_when_malformed()
    {
        var metrics = new MetricsCollector();
        metrics.Gauge("memory.usage", 1, unit: "By");
        metrics.Gauge("memory.usage", 2);

        var clash = Assert.Throws<ArgumentException>(() => metrics.Gauge("memory.usage", 3, unit: "KiBy"));
        Assert.Contains("'memory.usage'", clash.Message, StringComparison.Ordinal);
        Assert.Contains("'By'", clash.Message, StringComparison.Ordinal);

        metrics.Counter("requests");
        var late = Assert.Throws<ArgumentException>(() => metrics.GetCounter("requests", unit: "{request}"));
        Assert.Contains("without a unit", late.Message, StringComparison.Ordinal);

        var blank = Assert.Throws<ArgumentException>(() => metrics.Counter("other", unit: " "));
        Assert.Contains("'other'", blank.Message, StringComparison.Ordinal);
        Assert.Null(metrics.GetMetric("other").FirstOrDefault());
    }

    [Fact]
    public void Legacy_naming_writes_exactly_what_earlier_versions_wrote()
    {
        var clock = new FakeTimeProvider();
        var metrics = new MetricsCollector(new MetricsOptions { TimeProvider = clock });
        metrics.Counter("nodes.executed", labels: [("node", "plan"), ("outcome", "success")], description: "Node executions");
        using (metrics.Timer("node.duration", [("node", "plan")]))
        {
            clock.Advance(TimeSpan.FromMilliseconds(7));
        }

        metrics.Gauge("memory.usage", 5, unit: "By");
        var text = metrics.ExportPrometheus(Legacy);

        Assert.Contains("# HELP nodes_executed Node executions\n# TYPE nodes_executed counter\nnodes_executed{node=\"plan\",outcome=\"success\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("node_duration_bucket{node=\"plan\",le=\"10\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("node_duration_sum{node=\"plan\"} 7\n", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE memory_usage gauge\nmemory_usage 5\n", text, StringComparison.Ordinal);
    }

    /// <summary>
    /// The metrics the toolkit records itself (flows, nodes, methods) and the sample's, with the labels the
    /// generated code and the flow engine give them.
    /// </summary>
    private static MetricsCollector DefaultAndSampleMetrics()
    {
        var clock = new FakeTimeProvider();
        var metrics = new MetricsCollector(new MetricsOptions { TimeProvider = clock });
        metrics.Counter("nodes.executed", labels: [("node", "plan"), ("outcome", "success")], description: "Node executions by node and outcome");
        metrics.Counter("nodes.executed", labels: [("node", "plan"), ("outcome", "failure"), ("error_type", "TimeoutException")]);
        metrics.Counter("flows.executed", labels: [("flow", "weather_agent"), ("outcome", "success")], description: "Flow runs by flow and outcome");
        metrics.Counter("method.invocations", labels: [("class", "WeatherTool"), ("method", "CallAsync"), ("outcome", "success")]);
        metrics.Counter("tool.calls", labels: [("class", "WeatherTool"), ("method", "CallAsync"), ("tool", "weather_api"), ("outcome", "success")], description: "Tool calls by tool and outcome");
        metrics.Counter("knowledge.searches", labels: [("class", "KnowledgeBase"), ("method", "SearchAsync"), ("index", "weather"), ("outcome", "success")]);
        foreach (var (name, labels) in new (string, Labels)[]
        {
            ("node.duration", [("node", "plan"), ("outcome", "success")]),
            ("flow.duration", [("flow", "weather_agent"), ("outcome", "success")]),
            ("method.duration", [("class", "WeatherTool"), ("method", "CallAsync"), ("outcome", "success")]),
            ("knowledge.search.duration", [("class", "KnowledgeBase"), ("method", "SearchAsync"), ("index", "weather")]),
        })
        {
            using (metrics.Timer(name, labels))
            {
                clock.Advance(TimeSpan.FromMilliseconds(12));
            }
        }

        return metrics;
    }

    [Fact]
    [Trait("Requires", "promtool")]
    public void Promtool_reports_nothing_at_all_on_the_default_and_sample_metrics()
    {
        var text = DefaultAndSampleMetrics().ExportPrometheus();

        var (exitCode, output) = ExternalTool.Run("promtool", "check metrics", text);

        Assert.True(exitCode == 0 && output.Trim().Length == 0, $"promtool exit {exitCode}:\n{output}\n---\n{text}");
    }

    [Fact]
    [Trait("Requires", "promtool")]
    public void Promtool_objects_to_the_legacy_names_which_is_why_they_are_not_the_default()
    {
        var (exitCode, output) = ExternalTool.Run("promtool", "check metrics", DefaultAndSampleMetrics().ExportPrometheus(Legacy));

        Assert.Equal(3, exitCode);
        Assert.Contains("nodes_executed counter metrics should have \"_total\" suffix", output, StringComparison.Ordinal);
    }
}
