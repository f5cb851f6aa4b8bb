using BenchmarkDotNet.Running;
using NumAgents.Instrumentation.Benchmarks.Metrics;

// Everything:            dotnet run -c Release --project bench/NumAgents.Instrumentation.Benchmarks -- --filter '*'
// Percentile accuracy:   dotnet run -c Release --project bench/NumAgents.Instrumentation.Benchmarks -- accuracy
// Analyzer cost report:  dotnet run -c Release --project bench/NumAgents.Instrumentation.Benchmarks -- analyzer-overhead [files]
// Prove they start (CI): bench/run-dry.sh
if (args is ["accuracy"])
{
    Console.Write(PercentileAccuracyReport.Run());
    return;
}

if (args is ["analyzer-overhead", ..])
{
    await NumAgents.Instrumentation.Benchmarks.Analyzers.AnalyzerOverheadReport.RunAsync(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 1000);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
