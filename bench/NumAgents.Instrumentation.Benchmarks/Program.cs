using BenchmarkDotNet.Running;

// Run everything:        dotnet run -c Release --project bench/NumAgents.Instrumentation.Benchmarks -- --filter '*'
// Prove they start (CI): bench/run-dry.sh
// Analyzer cost report:  dotnet run -c Release --project bench/NumAgents.Instrumentation.Benchmarks -- analyzer-overhead [files]
if (args is ["analyzer-overhead", ..])
{
    await NumAgents.Instrumentation.Benchmarks.Analyzers.AnalyzerOverheadReport.RunAsync(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 1000);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
