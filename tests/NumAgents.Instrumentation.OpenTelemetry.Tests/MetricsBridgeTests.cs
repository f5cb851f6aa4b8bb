using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace NumAgents.Instrumentation.OpenTelemetry.Tests;

/// <summary>The OpenTelemetry SDK with its in-memory exporter sees our metrics with the same names, labels and values.</summary>
public sealed class MetricsBridgeTests
{
    [Fact]
    public void Counters_gauges_and_timers_reach_the_OpenTelemetry_SDK()
    {
        var service = "otel-metrics-" + Guid.NewGuid().ToString("N");
        using var monitor = new AgentMonitor(service);
        var exported = new List<global::OpenTelemetry.Metrics.Metric>();
        using var provider = Sdk.CreateMeterProviderBuilder()
            .AddNumAgentsInstrumentation()
            .AddInMemoryExporter(exported)
            .Build();

        monitor.Metrics.Counter("http.requests", 3, [("method", "GET"), ("status", "200")]);
        monitor.Metrics.Gauge("queue.depth", 7);
        var timer = monitor.Metrics.GetTimer("step.duration", [("step", "plan")]);
        timer.Record(12);
        timer.Record(40);
        provider.ForceFlush();

        var requests = Points(exported, "http.requests", service);
        var point = Assert.Single(requests);
        Assert.Equal(3, point.GetSumDouble());
        Assert.Equal("GET", Tag(point, "method"));
        Assert.Equal("200", Tag(point, "status"));

        Assert.Equal(7, Assert.Single(Points(exported, "queue.depth", service)).GetGaugeLastValueDouble());

        var histogram = Assert.Single(Points(exported, "step.duration", service));
        Assert.Equal(2, histogram.GetHistogramCount());
        Assert.Equal(52, histogram.GetHistogramSum());
        Assert.Equal("plan", Tag(histogram, "step"));
        Assert.Equal("ms", exported.Last(m => m.Name == "step.duration").Unit);
    }

    private static List<MetricPoint> Points(List<global::OpenTelemetry.Metrics.Metric> exported, string name, string service)
    {
        var points = new List<MetricPoint>();
        foreach (var metric in exported.Where(m => m.Name == name && m.MeterTags?.Any(t => (string?)t.Value == service) == true).TakeLast(1))
        {
            foreach (ref readonly var point in metric.GetMetricPoints()) points.Add(point);
        }

        return points;
    }

    private static object? Tag(MetricPoint point, string key)
    {
        foreach (var tag in point.Tags)
        {
            if (tag.Key == key) return tag.Value;
        }

        return null;
    }
}
