using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace NumAgents.Instrumentation.Package.Tests;

/// <summary>The sample sends OTLP only when OTEL_EXPORTER_OTLP_ENDPOINT is set; a loopback receiver stands in for the collector.</summary>
public sealed class SampleOtlpTests
{
    [Fact]
    public async Task The_sample_sends_spans_and_metrics_to_the_configured_OTLP_endpoint()
    {
        var port = FreePort();
        using var listener = new HttpListener();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        var received = new List<string>();
        using var stop = new CancellationTokenSource();
        var receiver = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                HttpListenerContext context;
                try
                {
                    context = await listener.GetContextAsync().WaitAsync(stop.Token);
                }
                catch (Exception) when (stop.IsCancellationRequested)
                {
                    return;
                }

                lock (received) received.Add(context.Request.Url!.AbsolutePath);
                await context.Request.InputStream.CopyToAsync(Stream.Null);
                context.Response.StatusCode = 200;
                context.Response.Close();
            }
        });

        var output = RunSample(new Dictionary<string, string>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = $"http://127.0.0.1:{port}",
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
        });
        await stop.CancelAsync();
        await receiver;

        Assert.Contains("== Trace", output, StringComparison.Ordinal);
        lock (received)
        {
            Assert.Contains("/v1/traces", received);
            Assert.Contains("/v1/metrics", received);
        }
    }

    private static string RunSample(Dictionary<string, string> environment)
    {
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
        var sample = Path.Combine(RepositoryRoot(), "samples", "AgentFlow", "bin", configuration, "net10.0", "AgentFlow.dll");
        var start = new ProcessStartInfo("dotnet", $"\"{sample}\" \"{Path.Combine(Path.GetTempPath(), "agentflow-otlp-test.json")}\"")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (key, value) in environment) start.Environment[key] = value;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(2)), "the sample did not finish in 2 minutes");
        Assert.True(process.ExitCode == 0, $"sample exited {process.ExitCode}:\n{stdout.Result}\n{stderr.Result}");
        return stdout.Result;
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "NumAgents.Instrumentation.sln"))) return directory.FullName;
        }

        throw new InvalidOperationException("The repository root was not found above " + AppContext.BaseDirectory);
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
