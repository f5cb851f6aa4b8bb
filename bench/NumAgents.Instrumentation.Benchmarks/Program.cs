using BenchmarkDotNet.Running;

// Run everything:        dotnet run -c Release --project bench/NumAgents.Instrumentation.Benchmarks -- --filter '*'
// Prove they start (CI): bench/run-dry.sh
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
