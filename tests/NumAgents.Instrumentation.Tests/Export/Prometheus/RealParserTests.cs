using System.Globalization;
using NumAgents.Instrumentation.Tests.Infrastructure;

namespace NumAgents.Instrumentation.Tests.Export.Prometheus;

/// <summary>The export is checked by the parsers Prometheus users actually run, not by our own reading of the spec.</summary>
public sealed class RealParserTests
{
    private const string DebianPython = "/usr/bin/python3";

    private static MetricsCollector EveryKind()
    {
        var metrics = new MetricsCollector(new MetricsOptions { MaxLabelSetsPerMetric = 3 });
        metrics.Counter("api.requests.total", 7, [("method", "GET"), ("path", "/users/\"me\"\\x\nnext")], "Requests\nserved \\ per route");
        metrics.Counter("bytes.sent", 1024.5);
        metrics.Gauge("memory.usage.bytes", -12.25, [("host", "server 1"), ("zone", "ünïcødé ✓")]);
        metrics.Histogram("api.response.time.ms", 25, [("route", "/a")], "Latency in ms");
        metrics.Histogram("api.response.time.ms", 2500, [("route", "/a")]);
        using (metrics.Timer("db.query", [("db", "main")]))
        {
        }

        for (var i = 0; i < 6; i++)
        {
            metrics.Counter("tenants.requests", labels: [("tenant", "t" + i.ToString(CultureInfo.InvariantCulture))]);
        }

        metrics.Counter("9starts.with.digit");
        return metrics;
    }

    [Fact]
    [Trait("Requires", "promtool")]
    public void Promtool_accepts_the_export()
    {
        var text = EveryKind().ExportPrometheus();
        Assert.Contains("otel_metric_overflow=\"true\"", text, StringComparison.Ordinal);

        var (exitCode, output) = ExternalTool.Run("promtool", "check metrics", text);

        // promtool exits 3 for lint-only findings (naming advice such as "counter should have _total suffix"); 1 is a parse error.
        Assert.True(exitCode is 0 or 3, $"promtool exit {exitCode}:\n{output}\n---\n{text}");
        Assert.DoesNotContain("error while", output, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    [Trait("Requires", "python3-prometheus-client")]
    public void Python_prometheus_client_parses_the_export_back_to_the_recorded_values()
    {
        var text = EveryKind().ExportPrometheus();
        const string Script = """
            import sys, json
            from prometheus_client.parser import text_string_to_metric_families
            out = []
            for family in text_string_to_metric_families(sys.stdin.read()):
                for s in family.samples:
                    out.append({"family": family.name, "type": family.type, "doc": family.documentation,
                                "name": s.name, "labels": s.labels, "value": s.value})
            print(json.dumps(out))
            """;
        var (exitCode, output) = ExternalTool.Run(DebianPython, "-c \"" + Script.Replace("\"", "\\\"", StringComparison.Ordinal) + "\"", text);
        Assert.True(exitCode == 0, output);

        // The Python client names counter samples "<family>_total" whatever the exposition said, so counters are found by family.
        var samples = System.Text.Json.JsonDocument.Parse(output).RootElement.EnumerateArray().ToList();
        var requests = samples.Single(s => s.GetProperty("family").GetString() == "api_requests");
        Assert.Equal(7, requests.GetProperty("value").GetDouble());
        Assert.Equal("/users/\"me\"\\x\nnext", requests.GetProperty("labels").GetProperty("path").GetString());
        Assert.Equal("Requests\nserved \\ per route", requests.GetProperty("doc").GetString());

        var gauge = samples.Single(s => s.GetProperty("name").GetString() == "memory_usage_bytes");
        Assert.Equal(-12.25, gauge.GetProperty("value").GetDouble());
        Assert.Equal("ünïcødé ✓", gauge.GetProperty("labels").GetProperty("zone").GetString());

        Assert.Equal(1024.5, samples.Single(s => s.GetProperty("family").GetString() == "bytes_sent").GetProperty("value").GetDouble());
        Assert.Equal(2, samples.Single(s => s.GetProperty("name").GetString() == "api_response_time_ms_count").GetProperty("value").GetDouble());
        Assert.Equal(2525, samples.Single(s => s.GetProperty("name").GetString() == "api_response_time_ms_sum").GetProperty("value").GetDouble());
        Assert.Equal("histogram", samples.First(s => s.GetProperty("family").GetString() == "db_query_seconds").GetProperty("type").GetString());
        Assert.Equal(3, samples.Single(s => s.GetProperty("family").GetString() == "tenants_requests"
            && s.GetProperty("labels").TryGetProperty("otel_metric_overflow", out _)).GetProperty("value").GetDouble());
        Assert.Contains(samples, s => s.GetProperty("family").GetString() == "_9starts_with_digit");
    }
}
