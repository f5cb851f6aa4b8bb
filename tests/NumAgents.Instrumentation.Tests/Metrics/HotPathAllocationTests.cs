using NumAgents.Instrumentation.Tests.Infrastructure;

namespace NumAgents.Instrumentation.Tests.Metrics;

public sealed class HotPathAllocationTests
{
    [Fact]
    public void Recording_by_name_with_labels_allocates_nothing_once_the_series_exists()
    {
        var metrics = new MetricsCollector();
        for (var i = 0; i < 2 * HistogramHandle.ExactSampleLimit; i++) Record(); // past the exact-sample buffer's growth
        var allocated = Allocations.Measure(
            () =>
            {
                for (var i = 0; i < 10_000; i++) Record();
            },
            out var runs);
        Assert.Equal(0, allocated);
        Assert.Equal((10_000 * runs) + (2 * HistogramHandle.ExactSampleLimit), metrics.GetCounterValue("http.requests", [("method", "GET"), ("status", "200"), ("route", "/users")]));

        void Record()
        {
            metrics.Counter("http.requests", labels: [("method", "GET"), ("status", "200"), ("route", "/users")]);
            metrics.Gauge("queue.size", 3, [("queue", "a")]);
            metrics.Histogram("latency", 12.5, [("route", "/users")]);
        }
    }

    [Fact]
    public void Recording_through_handles_allocates_nothing()
    {
        var metrics = new MetricsCollector();
        var counter = metrics.GetCounter("c");
        var gauge = metrics.GetGauge("g");
        var histogram = metrics.GetHistogram("h");
        counter.Add(1);
        gauge.Set(0); // every path once before measuring, so first-call initialization is not counted
        for (var i = 0; i < 2 * HistogramHandle.ExactSampleLimit; i++) histogram.Record(i % 100);

        Assert.Equal(0, Allocations.Measure(() =>
        {
            for (var i = 0; i < 10_000; i++)
            {
                counter.Add(1);
                counter.Add(0.5);
                gauge.Set(i);
                histogram.Record(i % 100);
            }
        }));
    }
}
