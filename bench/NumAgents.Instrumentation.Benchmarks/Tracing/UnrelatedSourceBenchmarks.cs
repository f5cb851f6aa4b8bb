using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;

namespace NumAgents.Instrumentation.Benchmarks.Tracing;

/// <summary>
/// What the monitor's collection of other libraries' activities costs activities that are not inside
/// its traces (issue 11): an activity of an unrelated source, and one of a source the monitor collects
/// (named like HttpClient's) started outside any of our spans, each with and without a monitor that
/// collects. The activities are created by the application's own listener in every case.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class UnrelatedSourceBenchmarks
{
    private ActivitySource _unrelated = null!;
    private ActivitySource _collected = null!;
    private ActivityListener _application = null!;
    private AgentMonitor? _monitor;

    [Params(false, true)]
    public bool MonitorCollecting { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _unrelated = new ActivitySource("bench.unrelated." + Guid.NewGuid().ToString("N"));
        _collected = new ActivitySource("System.Net.Http");
        _application = new ActivityListener
        {
            ShouldListenTo = source => ReferenceEquals(source, _unrelated) || ReferenceEquals(source, _collected),
            Sample = static (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(_application);
        if (MonitorCollecting) _monitor = new AgentMonitor(new MonitorOptions { ServiceName = "bench", EnableLogging = false });
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _monitor?.Dispose();
        _application.Dispose();
        _unrelated.Dispose();
        _collected.Dispose();
    }

    [Benchmark]
    [BenchmarkCategory("unrelated source")]
    public void Unrelated_activity()
    {
        using var activity = _unrelated.StartActivity("work");
    }

    [Benchmark]
    [BenchmarkCategory("collected source, outside our traces")]
    public void Collected_source_activity_outside_our_traces()
    {
        using var activity = _collected.StartActivity("GET");
    }
}
