using System.Diagnostics.Metrics;
using BenchmarkDotNet.Attributes;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using PrometheusNet = Prometheus;

namespace NumAgents.Instrumentation.Benchmarks.Metrics;

/// <summary>
/// Histogram recording on a bound handle against OpenTelemetry's <c>Histogram&lt;double&gt;</c> and prometheus-net.
/// Ours three ways: a collector of its own (no exemplars), a monitor's collector with no span current (exemplars
/// on, nothing to take: the cost of looking), and inside a sampled span (an exemplar per bucket per scrape).
/// </summary>
[MemoryDiagnoser]
public class HistogramBenchmarks
{
    private readonly double[] _values = new double[1024];
    private MeterProvider _meterProvider = null!;
    private Meter _meter = null!;
    private Histogram<double> _otelHistogram = null!;
    private PrometheusNet.Histogram _promHistogram = null!;
    private HistogramHandle _handle = null!;
    private AgentMonitor _monitor = null!;
    private HistogramHandle _monitored = null!;
    private AgentMonitor _tracedMonitor = null!;
    private HistogramHandle _traced = null!;
    private Span _span = null!;
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        for (var i = 0; i < _values.Length; i++) _values[i] = Math.Exp(3 + random.NextDouble() * 3);

        _meter = new Meter("bench.histogram." + Guid.NewGuid().ToString("N"));
        _otelHistogram = _meter.CreateHistogram<double>("latency");
        // The SDK enables instruments only for a provider with a reader; the in-memory exporter collects
        // nothing until flushed, so the recording path is what is measured.
        _meterProvider = Sdk.CreateMeterProviderBuilder().AddMeter(_meter.Name).AddInMemoryExporter(new List<OpenTelemetry.Metrics.Metric>()).Build();
        _promHistogram = PrometheusNet.Metrics.WithCustomRegistry(PrometheusNet.Metrics.NewCustomRegistry())
            .CreateHistogram("latency", "latency");
        _handle = new MetricsCollector().GetHistogram("latency");
        _monitor = new AgentMonitor(new MonitorOptions { EnableLogging = false });
        _monitored = _monitor.Metrics.GetHistogram("latency");
        _tracedMonitor = new AgentMonitor(new MonitorOptions { EnableLogging = false });
        _traced = _tracedMonitor.Metrics.GetHistogram("latency");

        // Past the exact phase, so the steady state (the sketch) is what is measured.
        for (var i = 0; i < 4096; i++)
        {
            _handle.Record(_values[i % _values.Length]);
            _monitored.Record(_values[i % _values.Length]);
            _traced.Record(_values[i % _values.Length]);
        }

        // Setup runs on the benchmark's thread, so the span stays current for the traced benchmark.
        _span = _tracedMonitor.Tracer.Span("benchmark");
        if (!_otelHistogram.Enabled) throw new InvalidOperationException("The OpenTelemetry MeterProvider is not listening to the benchmark meter.");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _span.Dispose();
        _monitor.Dispose();
        _tracedMonitor.Dispose();
        _meterProvider.Dispose();
        _meter.Dispose();
    }

    private double NextValue() => _values[_next++ & 1023];

    [Benchmark(Baseline = true)]
    public void OpenTelemetry_record() => _otelHistogram.Record(NextValue());

    [Benchmark]
    public void PrometheusNet_observe() => _promHistogram.Observe(NextValue());

    [Benchmark]
    public void NumAgents_handle_record() => _handle.Record(NextValue());

    [Benchmark]
    public void NumAgents_handle_record_exemplars_no_span() => _monitored.Record(NextValue());

    [Benchmark]
    public void NumAgents_handle_record_in_sampled_span() => _traced.Record(NextValue());

    /// <summary>The rare path on every call: a new exemplar window each time, so every recording takes an exemplar (span ids and a clock read).</summary>
    [Benchmark]
    public void NumAgents_handle_record_taking_exemplar_every_time()
    {
        _tracedMonitor.Metrics.StartNextExemplarWindow();
        _traced.Record(NextValue());
    }
}
