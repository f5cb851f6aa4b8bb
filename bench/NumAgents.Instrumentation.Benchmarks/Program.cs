using BenchmarkDotNet.Running;
using NumAgents.Instrumentation.Benchmarks.Metrics;

// Everything:            dotnet run -c Release --project bench/NumAgents.Instrumentation.Benchmarks -- --filter '*'
// Percentile accuracy:   dotnet run -c Release --project bench/NumAgents.Instrumentation.Benchmarks -- accuracy
// Prove they start (CI): bench/run-dry.sh
if (args is ["accuracy"])
{
    Console.Write(PercentileAccuracyReport.Run());
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
