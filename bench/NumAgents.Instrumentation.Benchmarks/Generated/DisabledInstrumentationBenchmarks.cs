using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using NumAgents.Core;

namespace NumAgents.Instrumentation.Benchmarks.Generated;

/// <summary>
/// The cost of generated instrumentation that records nothing, against the same node or method with no
/// instrumentation at all, in two ways: switched off process-wide
/// (<see cref="GeneratedInstrumentation.IsEnabled"/> false: one static read; target of issue 5, at most
/// 2 ns over the uninstrumented call) and under an ambient monitor with metrics and tracing off (which
/// costs the async-local read that finds the current monitor).
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class DisabledInstrumentationBenchmarks
{
    private readonly SharedStore _shared = new();
    private AgentMonitor _disabled = null!;
    private MonitorScope _scope;
    private Node _generated = null!;
    private Node _uninstrumented = null!;
    private Calculator _calculator = null!;
    private PlainCalculator _plain = null!;
    private int _value;

    [Params("switched-off", "monitor-disabled")]
    public string Mode { get; set; } = "switched-off";

    [GlobalSetup]
    public void Setup()
    {
        GeneratedInstrumentation.IsEnabled = Mode != "switched-off";
        _disabled = new AgentMonitor(new MonitorOptions { ServiceName = "bench", EnableMetrics = false, EnableTracing = false, EnableLogging = false });
        _scope = AgentMonitor.Use(_disabled);
        _generated = new GeneratedNode();
        _uninstrumented = new WorkNode();
        _calculator = new Calculator();
        _plain = new PlainCalculator();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        var reachedDisabled = ReferenceEquals(AgentMonitor.Current, _disabled);
        GeneratedInstrumentation.IsEnabled = true;
        _scope.Dispose();
        _disabled.Dispose();
        if (!reachedDisabled) throw new InvalidOperationException("The disabled monitor was not the ambient one: the comparison would measure an enabled monitor.");
    }

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("node")]
    public NodeResult Node_uninstrumented() => _uninstrumented.Run(_shared);

    [Benchmark]
    [BenchmarkCategory("node")]
    public NodeResult Node_generated_disabled() => _generated.Run(_shared);

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("method")]
    public int Method_uninstrumented() => _plain.Add(++_value, 1);

    [Benchmark]
    [BenchmarkCategory("method")]
    public int Method_generated_disabled() => _calculator.Add(++_value, 1);
}
