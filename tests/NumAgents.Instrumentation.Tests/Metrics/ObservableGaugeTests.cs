using System.Diagnostics.Metrics;
using NumAgents.Instrumentation.Tests.Reliability;

namespace NumAgents.Instrumentation.Tests.Metrics;

public sealed class ObservableGaugeTests
{
    [Fact]
    public void The_callback_is_read_at_every_export_and_query()
    {
        var metrics = new MetricsCollector();
        var depth = 3.0;
        metrics.ObservableGauge("queue.depth", () => depth, [("queue", "jobs")], "Jobs waiting");

        Assert.Contains("queue_depth{queue=\"jobs\"} 3\n", metrics.ExportPrometheus(), StringComparison.Ordinal);
        Assert.Contains("# HELP queue_depth Jobs waiting\n", metrics.ExportPrometheus(), StringComparison.Ordinal);
        depth = 7.5;
        Assert.Contains("queue_depth{queue=\"jobs\"} 7.5\n", metrics.ExportPrometheus(), StringComparison.Ordinal);
        Assert.Equal(7.5, metrics.GetGaugeValue("queue.depth", [("queue", "jobs")]));
        Assert.Equal(7.5, Assert.Single(metrics.GetMetric("queue.depth")).Value);
    }

    [Fact]
    public void Registering_again_replaces_the_callback()
    {
        var metrics = new MetricsCollector();
        metrics.ObservableGauge("pool.size", () => 1);
        metrics.ObservableGauge("pool.size", () => 2);
        Assert.Equal(2, metrics.GetGaugeValue("pool.size"));
        Assert.Single(metrics.GetMetric("pool.size"));
    }

    [Fact]
    public void A_throwing_callback_is_skipped_counted_and_reported_and_the_rest_exports()
    {
        var marker = Guid.NewGuid().ToString("N");
        using var events = new InstrumentationEventRecorder();
        using var monitor = new AgentMonitor();
        monitor.Metrics.ObservableGauge("broken.gauge", () => throw new InvalidOperationException(marker));
        monitor.Metrics.ObservableGauge("healthy.gauge", () => 4);
        monitor.Metrics.Counter("requests");

        var text = monitor.Metrics.ExportPrometheus();

        Assert.DoesNotContain("\nbroken_gauge ", "\n" + text, StringComparison.Ordinal);
        Assert.Contains("# TYPE broken_gauge gauge\n", text, StringComparison.Ordinal);
        Assert.Contains("healthy_gauge 4\n", text, StringComparison.Ordinal);
        Assert.Contains("requests_total 1\n", text, StringComparison.Ordinal);
        Assert.Equal(1, monitor.GetStatistics().InstrumentationErrors);
        Assert.Equal(0, monitor.GetStatistics().ExportErrors);
        var reported = Assert.Single(events.EventsContaining(marker));
        Assert.Equal("InstrumentationFailed", reported.EventName);
        Assert.Contains("broken.gauge", reported.Payload, StringComparison.Ordinal);

        // Each read is a new attempt, so each failure counts.
        Assert.Null(monitor.Metrics.GetGaugeValue("broken.gauge"));
        Assert.Equal(2, monitor.GetStatistics().InstrumentationErrors);
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void A_non_finite_reading_is_skipped_and_counted(double reading)
    {
        using var monitor = new AgentMonitor();
        monitor.Metrics.ObservableGauge("ratio", () => reading);
        Assert.DoesNotContain("\nratio ", "\n" + monitor.Metrics.ExportPrometheus(), StringComparison.Ordinal);
        Assert.Equal(1, monitor.GetStatistics().InstrumentationErrors);
    }

    [Fact]
    public void The_meter_mirror_skips_a_failing_callback_and_reports_the_others()
    {
        using var monitor = new AgentMonitor(new MonitorOptions { ServiceName = "observable-" + Guid.NewGuid().ToString("N") });
        monitor.Metrics.ObservableGauge("mirror.broken", () => throw new InvalidOperationException("broken"));
        monitor.Metrics.ObservableGauge("mirror.healthy", () => 9);
        var seen = new List<(string Instrument, double Value)>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == MetricsCollector.MeterName && instrument.Name.StartsWith("mirror.", StringComparison.Ordinal)
                    && instrument.Meter.Tags?.Any(t => Equals(t.Value, monitor.ServiceName)) == true)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<double>((instrument, value, _, _) => seen.Add((instrument.Name, value)));
        listener.Start();
        listener.RecordObservableInstruments();

        Assert.Equal([("mirror.healthy", 9.0)], seen);
        Assert.Equal(1, monitor.GetStatistics().InstrumentationErrors);
    }

    [Fact]
    public void An_observed_series_cannot_be_set_and_a_set_series_cannot_be_observed()
    {
        var metrics = new MetricsCollector();
        metrics.ObservableGauge("observed", () => 1);
        var setObserved = Assert.Throws<InvalidOperationException>(() => metrics.Gauge("observed", 2));
        Assert.Contains("observed", setObserved.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => metrics.GetGauge("observed").Add(1));

        metrics.Gauge("direct", 5);
        var observeSet = Assert.Throws<ArgumentException>(() => metrics.ObservableGauge("direct", () => 1));
        Assert.Contains("direct", observeSet.Message, StringComparison.Ordinal);
        Assert.Equal(5, metrics.GetGaugeValue("direct"));

        Assert.Throws<ArgumentNullException>(() => metrics.ObservableGauge("other", null!));
        Assert.Throws<ArgumentException>(() => metrics.ObservableGauge("counted", () => 1, labels: [("a", "1"), ("a", "2")]));
        metrics.Counter("counted");
        Assert.Throws<ArgumentException>(() => metrics.ObservableGauge("counted", () => 1));
    }

    [Fact]
    public void Clear_removes_the_callback_with_the_series()
    {
        var metrics = new MetricsCollector();
        var calls = 0;
        metrics.ObservableGauge("temp", () => ++calls);
        metrics.Clear();
        Assert.Equal(string.Empty, metrics.ExportPrometheus());
        Assert.Null(metrics.GetGaugeValue("temp"));
        Assert.Equal(0, calls);
    }
}
