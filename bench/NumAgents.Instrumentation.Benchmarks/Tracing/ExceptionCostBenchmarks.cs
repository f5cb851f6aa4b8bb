using BenchmarkDotNet.Attributes;

namespace NumAgents.Instrumentation.Benchmarks.Tracing;

/// <summary>
/// What one throw and catch costs the application (issue 11): in a process with no monitor (the
/// baseline), with a monitor alive but outside any span (target at most +3%), and inside one of our spans
/// (at most +25%). Each case runs in its own process, since the tracer's first-chance hook is process-wide;
/// an in-process dry run only proves the cases start.
/// </summary>
[MemoryDiagnoser]
public class ExceptionCostBenchmarks
{
    private AgentMonitor? _monitor;
    private Span? _span;

    [GlobalSetup(Target = nameof(Throw_with_a_monitor_outside_any_span))]
    public void SetupMonitor() => _monitor = new AgentMonitor(new MonitorOptions { ServiceName = "bench", EnableLogging = false });

    [GlobalSetup(Target = nameof(Throw_inside_a_span))]
    public void SetupSpan()
    {
        SetupMonitor();
        _span = _monitor!.Tracer.Span("around");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _span?.Dispose();
        _monitor?.Dispose();
    }

    [Benchmark(Baseline = true)]
    public int Throw_without_a_monitor() => ThrowAndCatch();

    [Benchmark]
    public int Throw_with_a_monitor_outside_any_span() => ThrowAndCatch();

    [Benchmark]
    public int Throw_inside_a_span() => ThrowAndCatch();

    private static int ThrowAndCatch()
    {
        try
        {
            throw new InvalidOperationException("bench");
        }
        catch (InvalidOperationException exception)
        {
            return exception.Message.Length;
        }
    }
}
