using System.Diagnostics.Metrics;
using NumAgents.Instrumentation.Tests.Infrastructure;

namespace NumAgents.Instrumentation.Tests.Metrics;

public sealed class MeterBridgeTests
{
    [Fact]
    public void Counters_gauges_histograms_and_timers_are_mirrored_through_a_Meter()
    {
        var service = "bridge-" + Guid.NewGuid().ToString("N");
        using var monitor = new AgentMonitor(service);
        var metrics = monitor.Metrics;
        metrics.Counter("http.requests", 3, [("method", "GET")], description: "Requests");
        metrics.Gauge("queue.depth", 7);
        metrics.Histogram("payload.size", 1);

        var seen = new List<(string Instrument, double Value, Dictionary<string, object?> Tags)>();
        var published = new List<Instrument>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == MetricsCollector.MeterName && instrument.Meter.Tags?.Any(t => t.Key == "service.name" && (string?)t.Value == service) == true)
            {
                published.Add(instrument);
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) =>
        {
            lock (seen) seen.Add((instrument.Name, value, tags.ToArray().ToDictionary(t => t.Key, t => t.Value)));
        });
        listener.Start();

        metrics.Histogram("payload.size", 42, description: "Bytes");
        metrics.Counter("http.requests", 2, [("method", "GET")]);
        listener.RecordObservableInstruments();

        Assert.Contains(seen, s => s.Instrument == "http.requests" && s.Value == 5 && (string?)s.Tags["method"] == "GET");
        Assert.Contains(seen, s => s.Instrument == "queue.depth" && s.Value == 7);
        Assert.Contains(seen, s => s.Instrument == "payload.size" && s.Value == 42);
        Assert.DoesNotContain(seen, s => s.Instrument == "payload.size" && s.Value == 1);
        Assert.Equal("Requests", published.Single(i => i.Name == "http.requests").Description);
    }

    [Fact]
    public void Names_that_OpenTelemetry_rejects_are_published_under_their_Prometheus_name()
    {
        var service = "bridge-" + Guid.NewGuid().ToString("N");
        using var monitor = new AgentMonitor(service);
        var names = new List<string>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, _) =>
        {
            if (instrument.Meter.Tags?.Any(t => (string?)t.Value == service) == true) names.Add(instrument.Name);
        };
        listener.Start();

        monitor.Metrics.Counter("9 lives");
        monitor.Metrics.Counter("ok.name");

        Assert.Contains("metric_9_lives", names);
        Assert.Contains("ok.name", names);
    }

    [Fact]
    public void Without_a_listener_histograms_record_nothing_extra()
    {
        using var monitor = new AgentMonitor("bridge-quiet-" + Guid.NewGuid().ToString("N"));
        var histogram = monitor.Metrics.GetHistogram("latency");
        for (var i = 0; i < 4096; i++) histogram.Record(i % 10);
        Assert.Equal(0, Allocations.Measure(() =>
        {
            for (var i = 0; i < 10_000; i++) histogram.Record(i % 10);
        }));
    }
}
