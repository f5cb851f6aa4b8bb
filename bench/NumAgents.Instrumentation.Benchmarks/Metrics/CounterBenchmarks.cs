using System.Diagnostics.Metrics;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using PrometheusNet = Prometheus;

namespace NumAgents.Instrumentation.Benchmarks.Metrics;

/// <summary>
/// Counter increments against OpenTelemetry's <c>Counter&lt;long&gt;</c> (an SDK MeterProvider
/// listening) and prometheus-net, in one run so the ratios compare like with like.
/// </summary>
[MemoryDiagnoser]
[CategoriesColumn]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
public class CounterBenchmarks
{
    private static readonly KeyValuePair<string, object?> _method = new("method", "GET");
    private static readonly KeyValuePair<string, object?> _status = new("status", "200");
    private static readonly KeyValuePair<string, object?> _route = new("route", "/users");

    private MeterProvider _meterProvider = null!;
    private Meter _meter = null!;
    private Counter<long> _otelCounter = null!;
    private Counter<long> _otelLabelledCounter = null!;
    private PrometheusNet.Counter _promCounter = null!;
    private MetricsCollector _metrics = null!;
    private CounterHandle _handle = null!;
    private AgentMonitor _monitor = null!;
    private CounterHandle _monitored = null!;
    private AgentMonitor _tracedMonitor = null!;
    private CounterHandle _traced = null!;
    private Span _span = null!;

    [GlobalSetup]
    public void Setup()
    {
        _meter = new Meter("bench.counter." + Guid.NewGuid().ToString("N"));
        _otelCounter = _meter.CreateCounter<long>("requests");
        _otelLabelledCounter = _meter.CreateCounter<long>("http.requests");
        // The SDK enables instruments only for a provider with a reader; the in-memory exporter collects
        // nothing until flushed, so the recording path is what is measured.
        _meterProvider = Sdk.CreateMeterProviderBuilder().AddMeter(_meter.Name).AddInMemoryExporter(new List<OpenTelemetry.Metrics.Metric>()).Build();

        var registry = PrometheusNet.Metrics.NewCustomRegistry();
        _promCounter = PrometheusNet.Metrics.WithCustomRegistry(registry)
            .CreateCounter("http_requests", "requests", ["method", "status", "route"]);

        _metrics = new MetricsCollector();
        _handle = _metrics.GetCounter("requests");
        _monitor = new AgentMonitor(new MonitorOptions { EnableLogging = false });
        _monitored = _monitor.Metrics.GetCounter("requests");
        _tracedMonitor = new AgentMonitor(new MonitorOptions { EnableLogging = false });
        _traced = _tracedMonitor.Metrics.GetCounter("requests");

        // Setup runs on the benchmark's thread, so the span stays current for the traced benchmark.
        _span = _tracedMonitor.Tracer.Span("benchmark");

        // A peer that is not listened to measures an early return, not a recording.
        if (!_otelCounter.Enabled || !_otelLabelledCounter.Enabled) throw new InvalidOperationException("The OpenTelemetry MeterProvider is not listening to the benchmark meter.");
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

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("no-labels")]
    public void OpenTelemetry_add() => _otelCounter.Add(1);

    [Benchmark]
    [BenchmarkCategory("no-labels")]
    public void NumAgents_handle_add() => _handle.Add(1);

    [Benchmark]
    [BenchmarkCategory("no-labels")]
    public void NumAgents_handle_add_exemplars_no_span() => _monitored.Add(1);

    [Benchmark]
    [BenchmarkCategory("no-labels")]
    public void NumAgents_handle_add_in_sampled_span() => _traced.Add(1);

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("three-labels")]
    public void OpenTelemetry_add_3_tags() => _otelLabelledCounter.Add(1, _method, _status, _route);

    [Benchmark]
    [BenchmarkCategory("three-labels")]
    public void PrometheusNet_WithLabels_Inc() => _promCounter.WithLabels("GET", "200", "/users").Inc();

    [Benchmark]
    [BenchmarkCategory("three-labels")]
    public void NumAgents_by_name_3_labels() => _metrics.Counter("http.requests", labels: [("method", "GET"), ("status", "200"), ("route", "/users")]);
}
