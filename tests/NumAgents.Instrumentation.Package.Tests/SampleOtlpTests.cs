using System.Net;
using System.Net.Sockets;

namespace NumAgents.Instrumentation.Package.Tests;

/// <summary>The sample sends OTLP (spans, metrics and its logs) only when OTEL_EXPORTER_OTLP_ENDPOINT is set; a loopback receiver stands in for the collector.</summary>
public sealed class SampleOtlpTests
{
    [Fact]
    public async Task The_sample_sends_spans_metrics_and_logs_to_the_configured_OTLP_endpoint()
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

        var output = await AgentFlowSample.RunAsync(new Dictionary<string, string>
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
            Assert.Contains("/v1/logs", received);
        }
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
