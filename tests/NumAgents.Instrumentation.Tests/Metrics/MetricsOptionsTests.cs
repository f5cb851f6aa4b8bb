using System.Diagnostics.Metrics;
using Microsoft.Extensions.Time.Testing;

namespace NumAgents.Instrumentation.Tests.Metrics;

/// <summary>A collector is configured by its own options; a monitor maps its options onto them.</summary>
public sealed class MetricsOptionsTests
{
    [Fact]
    public void A_collector_of_its_own_needs_no_options()
    {
        var metrics = new MetricsCollector();
        metrics.Counter("requests");
        Assert.True(metrics.IsEnabled);
        Assert.Equal(1, metrics.GetCounterValue("requests"));
        Assert.Contains("requests_total 1\n", metrics.ExportPrometheus(), StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_options_are_rejected_naming_the_option()
    {
        Assert.Contains("MetricsOptions.MaxLabelSetsPerMetric", Assert.Throws<ArgumentOutOfRangeException>(() => new MetricsCollector(new MetricsOptions { MaxLabelSetsPerMetric = 0 })).Message, StringComparison.Ordinal);
        Assert.Contains("MetricsOptions.ServiceName", Assert.Throws<ArgumentException>(() => new MetricsCollector(new MetricsOptions { ServiceName = " " })).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentNullException>(() => new MetricsCollector(new MetricsOptions { TimeProvider = null! }));
        Assert.Contains("MetricsOptions.DefaultHistogramBuckets", Assert.Throws<ArgumentException>(() => new MetricsCollector(new MetricsOptions { DefaultHistogramBuckets = [2, 1] })).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentNullException>(() => new MetricsCollector(null!));
    }

    [Fact]
    public void A_disabled_collector_accepts_every_call_and_keeps_nothing()
    {
        var metrics = new MetricsCollector(new MetricsOptions { Enabled = false });
        metrics.Counter("requests");
        metrics.GetHistogram("latency").Record(3);
        using (metrics.Timer("step"))
        {
        }

        Assert.False(metrics.IsEnabled);
        Assert.Empty(metrics.GetAllMetrics());
        Assert.Equal(string.Empty, metrics.ExportPrometheus());
        Assert.Equal("# EOF\n", metrics.ExportPrometheus(new PrometheusExportOptions { Format = PrometheusFormat.OpenMetrics }));
    }

    [Fact]
    public void The_clock_limit_and_buckets_are_the_collectors_own()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero));
        var metrics = new MetricsCollector(new MetricsOptions { TimeProvider = clock, MaxLabelSetsPerMetric = 2, DefaultHistogramBuckets = [1, 2] });
        for (var i = 0; i < 5; i++) metrics.Counter("wide", labels: [("id", i.ToString(System.Globalization.CultureInfo.InvariantCulture))]);
        using (metrics.Timer("step"))
        {
            clock.Advance(TimeSpan.FromMilliseconds(1.5));
        }

        Assert.Equal(3, metrics.GetMetric("wide").Count);
        Assert.Equal(clock.GetUtcNow(), metrics.GetMetric("step").Single().Timestamp);
        Assert.Contains("step_seconds_bucket{le=\"0.002\"} 1\n", metrics.ExportPrometheus(), StringComparison.Ordinal);
        Assert.Contains("step_seconds_created 1767323045\n", metrics.ExportPrometheus(new PrometheusExportOptions { Format = PrometheusFormat.OpenMetrics }), StringComparison.Ordinal);
    }

    [Fact]
    public void A_monitor_maps_its_options_onto_its_collector()
    {
        var clock = new FakeTimeProvider();
        using var monitor = new AgentMonitor(new MonitorOptions { ServiceName = "mapped_service", TimeProvider = clock, MaxLabelSetsPerMetric = 1, EnableLogging = false });
        using var disabled = new AgentMonitor(new MonitorOptions { EnableMetrics = false, EnableLogging = false });
        object? serviceName = null;
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, _) =>
            {
                if (instrument.Name == "mapped.counter") serviceName = instrument.Meter.Tags?.Single(t => t.Key == "service.name").Value;
            },
        };
        listener.Start();

        monitor.Metrics.Counter("mapped.counter", labels: [("a", "1")]);
        monitor.Metrics.Counter("mapped.counter", labels: [("a", "2")]);
        using (monitor.Metrics.Timer("mapped.timer"))
        {
            clock.Advance(TimeSpan.FromMilliseconds(4));
        }

        Assert.Equal("mapped_service", serviceName);
        Assert.Equal(1, monitor.GetStatistics().FoldedLabelSets);
        Assert.Equal(4, monitor.Metrics.GetHistogramStats("mapped.timer").Sum);
        Assert.False(disabled.Metrics.IsEnabled);
        Assert.False(disabled.GetStatistics().MetricsEnabled);
    }
}
