using BenchmarkDotNet.Attributes;

namespace NumAgents.Instrumentation.Benchmarks.Generated;

/// <summary>
/// One call to a trivial method with a span, a timer and a counter: the generated interceptor against
/// the same instrumentation by hand (OpenTelemetry, the baseline; our runtime) and a DispatchProxy.
/// The work is an addition, so what is measured is the instrumentation itself.
/// </summary>
[MemoryDiagnoser]
public class MethodInstrumentationBenchmarks
{
    private AgentMonitor _monitor = null!;
    private MonitorScope _scope;
    private OpenTelemetryPeer _openTelemetry = null!;
    private Calculator _generated = null!;
    private PlainCalculator _plain = null!;
    private IRunner _proxy = null!;
    private int _value;

    [GlobalSetup]
    public void Setup()
    {
        _monitor = new AgentMonitor(new MonitorOptions { ServiceName = "bench", EnableLogging = false });
        _scope = AgentMonitor.Use(_monitor);
        _openTelemetry = new OpenTelemetryPeer();
        _generated = new Calculator();
        _plain = new PlainCalculator(_openTelemetry);
        _proxy = InstrumentingProxy.Create<IRunner>(new Runner(new WorkNode()), _monitor);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        var recorded = _monitor.Metrics.GetCounterValue("method.invocations", [("class", "Calculator"), ("method", "Add"), ("outcome", "success")]);
        _scope.Dispose();
        _openTelemetry.Dispose();
        _monitor.Dispose();
        if (recorded == 0) throw new InvalidOperationException("The generated interceptor recorded nothing: the ambient monitor did not reach the benchmark.");
    }

    [Benchmark(Baseline = true)]
    public int OpenTelemetry_by_hand() => _plain.AddWithOpenTelemetry(++_value, 1);

    [Benchmark]
    public int Generated() => _generated.Add(++_value, 1);

    [Benchmark]
    public int Our_runtime_by_hand() => _plain.AddByHand(++_value, 1);

    [Benchmark]
    public int DispatchProxy() => _proxy.Add(++_value, 1);

    [Benchmark]
    public int Uninstrumented() => _plain.Add(++_value, 1);
}
