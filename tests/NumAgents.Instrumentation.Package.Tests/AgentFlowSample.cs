using System.Diagnostics;

namespace NumAgents.Instrumentation.Package.Tests;

/// <summary>Runs the built samples/AgentFlow (the project references it, so it is built first) and returns its stdout.</summary>
internal static class AgentFlowSample
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    /// <param name="environment">Set on top of this process's environment, from which every OTEL_* variable is removed first, so the caller alone decides where the exporter sends.</param>
    public static async Task<string> RunAsync(IReadOnlyDictionary<string, string> environment)
    {
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
        var sample = Path.Combine(RepositoryRoot(), "samples", "AgentFlow", "bin", configuration, "net10.0", "AgentFlow.dll");
        // Its own Jaeger file: tests run in parallel and would otherwise write one file together.
        var jaeger = Path.Combine(Path.GetTempPath(), $"agentflow-test-{Guid.NewGuid():N}.json");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(sample);
        start.ArgumentList.Add(jaeger);
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("OTEL_", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(name);
        }

        foreach (var (key, value) in environment) start.Environment[key] = value;
        try
        {
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(Timeout);
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail($"the sample did not finish in {Timeout.TotalMinutes:F0} minutes:\n{await stdout}\n{await stderr}");
            }

            Assert.True(process.ExitCode == 0, $"sample exited {process.ExitCode}:\n{await stdout}\n{await stderr}");
            return await stdout;
        }
        finally
        {
            File.Delete(jaeger);
        }
    }

    public static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "NumAgents.Instrumentation.sln"))) return directory.FullName;
        }

        throw new InvalidOperationException("The repository root was not found above " + AppContext.BaseDirectory);
    }
}
