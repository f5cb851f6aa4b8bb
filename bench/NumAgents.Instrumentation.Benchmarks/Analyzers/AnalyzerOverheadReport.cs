using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using NumAgents.Instrumentation.Analyzers.Tests.Performance;

namespace NumAgents.Instrumentation.Benchmarks.Analyzers;

/// <summary>
/// <c>dotnet run -c Release --project bench/NumAgents.Instrumentation.Benchmarks -- analyzer-overhead [files]</c>:
/// CPU time spent inside the instrumentation analyzers' callbacks against the CPU time of compiling the same
/// project (parse trees to emitted assembly), with the SDK's analyzers running alongside as in a real build.
/// CPU time, not wall time, so a busy machine does not distort the ratio; BenchmarkDotNet's
/// <see cref="AnalyzerOverheadBenchmarks"/> gives the wall-clock view on a quiet one.
/// </summary>
internal static class AnalyzerOverheadReport
{
    public static async Task RunAsync(int files)
    {
        var trees = SyntheticProject.Parse(files);
        Compile(SyntheticProject.Parse(10));

        var compileCpu = Median(3, () => Compile(trees));

        var ours = AnalyzerOverheadBenchmarks.InstrumentationAnalyzers().Select(a => new CountingAnalyzer(a, ThreadCpuClock.Now)).ToArray();
        var sdk = SdkAnalyzers.Load().Select(a => new CountingAnalyzer(a, ThreadCpuClock.Now)).ToArray();
        var all = ImmutableArray<DiagnosticAnalyzer>.Empty.AddRange(sdk).AddRange(ours);
        var diagnostics = await SyntheticProject.Compile(trees).WithAnalyzers(all).GetAnalyzerDiagnosticsAsync().ConfigureAwait(false);

        Console.WriteLine($"clock: {(ThreadCpuClock.IsCpuTime ? "thread CPU time" : "wall time (no per-thread CPU clock here)")}");
        foreach (var analyzer in ours)
        {
            Console.WriteLine($"  {analyzer.Inner.GetType().Name,-36} {Milliseconds(analyzer.Elapsed),9:F1} ms  {analyzer.Callbacks.Values.Sum(),7} callbacks");
        }

        var oursTotal = ours.Sum(a => a.Elapsed);
        var sdkTotal = sdk.Sum(a => a.Elapsed);
        Console.WriteLine($"{files} files: compile {compileCpu.TotalMilliseconds:F0} ms CPU; SDK analyzers {Milliseconds(sdkTotal):F0} ms; instrumentation analyzers {Milliseconds(oursTotal):F0} ms; {diagnostics.Length} diagnostics");
        Console.WriteLine("instrumentation analyzers / compile:                 " + (Milliseconds(oursTotal) / compileCpu.TotalMilliseconds).ToString("P2", CultureInfo.InvariantCulture) + "  (bar: 5%)");
        Console.WriteLine("instrumentation analyzers / (compile + SDK analyzers): " + (Milliseconds(oursTotal) / (compileCpu.TotalMilliseconds + Milliseconds(sdkTotal))).ToString("P2", CultureInfo.InvariantCulture));
    }

    private static double Milliseconds(long nanoseconds) => nanoseconds / 1_000_000.0;

    private static void Compile(ImmutableArray<SyntaxTree> trees)
    {
        using var image = new MemoryStream();
        if (!SyntheticProject.Compile(trees).Emit(image).Success) throw new InvalidOperationException("The synthetic project does not compile.");
    }

    // Process CPU time covers the compiler's parallel method compilation and its garbage collections.
    private static TimeSpan Median(int runs, Action action)
    {
        var times = new List<TimeSpan>();
        using var process = Process.GetCurrentProcess();
        for (var i = 0; i < runs; i++)
        {
            process.Refresh();
            var before = process.TotalProcessorTime;
            action();
            process.Refresh();
            times.Add(process.TotalProcessorTime - before);
        }

        times.Sort();
        return times[runs / 2];
    }
}
