using System.Diagnostics;

namespace NumAgents.Instrumentation.Tests.Infrastructure;

/// <summary>
/// Runs a real peer (promtool, Python's prometheus_client) on our output. `.ci/run` installs them;
/// a missing peer fails the test with the command that installs it rather than passing silently.
/// </summary>
internal static class ExternalTool
{
    public static (int ExitCode, string Output) Run(string fileName, string arguments, string? standardInput = null)
    {
        var resolved = Resolve(fileName);
        var start = new ProcessStartInfo(resolved, arguments)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {resolved}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (standardInput is not null) process.StandardInput.Write(standardInput);
        process.StandardInput.Close();
        if (!process.WaitForExit(60_000))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} {arguments} did not finish within 60 s.");
        }

        return (process.ExitCode, stdout.Result + stderr.Result);
    }

    public static string Resolve(string fileName)
    {
        if (Path.IsPathRooted(fileName))
        {
            return File.Exists(fileName) ? fileName : throw Missing(fileName);
        }

        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator))
        {
            var candidate = Path.Combine(directory, fileName);
            if (File.Exists(candidate)) return candidate;
        }

        throw Missing(fileName);
    }

    private static InvalidOperationException Missing(string fileName) => new(
        $"'{fileName}' is not installed. The tests check our output with real peers: run `.ci/run`, or " +
        "`apt-get install prometheus python3-prometheus-client`.");
}
