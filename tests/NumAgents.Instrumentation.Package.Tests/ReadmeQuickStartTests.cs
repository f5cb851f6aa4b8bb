using System.Diagnostics;
using System.IO.Compression;
using System.Text.Json;
using System.Text.RegularExpressions;
using NumAgents.Instrumentation.Package.Tests.Consumers;

namespace NumAgents.Instrumentation.Package.Tests;

/// <summary>
/// The README's Quick start as a newcomer follows it (issue 11): the package packed as a developer packs
/// it, a fresh console project, <c>Program.cs</c> replaced by the README's code exactly as written, built with
/// warnings as errors and run; <c>/metrics</c> curled while it waits, and <c>trace.json</c> read after. The
/// ASP.NET Core section the same way: a fresh web project, the README's app as written, one request.
/// </summary>
public sealed partial class ReadmeQuickStartTests : IDisposable
{
    private readonly LocalPackageFeed _feed = LocalPackageFeed.Create();

    public void Dispose() => _feed.Dispose();

    [Fact]
    public async Task The_quick_start_compiles_as_pasted_records_into_its_monitor_and_serves_metrics()
    {
        var version = LocalPackageFeed.VersionOf(_feed.Pack("src/Runtime/NumAgents.Instrumentation.csproj"), "NumAgents.Instrumentation");
        var app = _feed.NewProject("MyAgent", LocalPackageFeed.ConsoleProject(("NumAgents.Instrumentation", version)));
        File.WriteAllText(Path.Combine(app, "Program.cs"), LocalPackageFeed.ReadmeCodeAfter("Replace `Program.cs` with this"));
        LocalPackageFeed.Run("dotnet", "build -c Release", app);

        using var process = Process.Start(LocalPackageFeed.Start("dotnet", Path.Combine("bin", "Release", "net10.0", "MyAgent.dll"), app, redirectInput: true))!;
        try
        {
            var url = await WaitForLineAsync(process, MetricsLine(), TimeSpan.FromMinutes(1));
            using var http = new HttpClient();
            var metrics = await http.GetStringAsync(new Uri(url));

            Assert.Matches(Sample("nodes_executed_total", ("node", "PlanNode"), ("outcome", "success")), metrics);
            Assert.Matches(Sample("tool_calls_total", ("tool", "search"), ("outcome", "success")), metrics);

            await process.StandardInput.WriteLineAsync();
            await process.StandardInput.FlushAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await process.WaitForExitAsync(timeout.Token);
            Assert.Equal(0, process.ExitCode);
        }
        finally
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }

        using var trace = JsonDocument.Parse(File.ReadAllText(Path.Combine(app, "trace.json")));
        var spans = trace.RootElement.GetProperty("data").EnumerateArray().SelectMany(t => t.GetProperty("spans").EnumerateArray()).ToList();
        var flow = Assert.Single(spans, s => s.GetProperty("operationName").GetString() == "flow.assistant");
        var node = Assert.Single(spans, s => s.GetProperty("operationName").GetString() == "node.PlanNode");
        var tool = Assert.Single(spans, s => s.GetProperty("operationName").GetString() == "Tools.Call");
        Assert.Equal(flow.GetProperty("spanID").GetString(), ParentOf(node));
        Assert.Null(ParentOf(flow));
        Assert.Null(ParentOf(tool));
    }

    [Fact]
    public async Task The_aspnetcore_app_runs_as_pasted_and_serves_the_metrics_of_its_requests()
    {
        var version = LocalPackageFeed.VersionOf(_feed.Pack("src/Runtime/NumAgents.Instrumentation.csproj"), "NumAgents.Instrumentation");
        _feed.Pack("src/AspNetCore/NumAgents.Instrumentation.AspNetCore.csproj");
        var app = _feed.NewProject("MyWebAgent", LocalPackageFeed.WebProject(("NumAgents.Instrumentation", version), ("NumAgents.Instrumentation.AspNetCore", version)));
        File.WriteAllText(Path.Combine(app, "Program.cs"), LocalPackageFeed.ReadmeCodeAfter("### In an ASP.NET Core app"));
        LocalPackageFeed.Run("dotnet", "build -c Release", app);

        var address = new Uri($"http://127.0.0.1:{FreePort()}/");
        using var process = Process.Start(LocalPackageFeed.Start("dotnet", $"{Path.Combine("bin", "Release", "net10.0", "MyWebAgent.dll")} --urls {address}", app, redirectInput: false))!;
        try
        {
            using var http = new HttpClient { BaseAddress = address };
            Assert.Equal("search, answer", await AnswerWhenUpAsync(http, "ask?question=weather", process));
            var metrics = await http.GetStringAsync(new Uri("metrics", UriKind.Relative));

            // The request's flow and its generated node recorded into the host's monitor, served at /metrics.
            Assert.Matches(Sample("flows_executed_total", ("flow", "assistant"), ("outcome", "success")), metrics);
            Assert.Matches(Sample("nodes_executed_total", ("node", "PlanNode"), ("outcome", "success")), metrics);
            Assert.Contains("node_duration_seconds_bucket{node=\"PlanNode\"", metrics, StringComparison.Ordinal);
        }
        finally
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }
    }

    [Fact]
    public void Packs_of_one_working_tree_share_a_development_version_of_their_own()
    {
        var runtime = LocalPackageFeed.VersionOf(_feed.Pack("src/Runtime/NumAgents.Instrumentation.csproj"), "NumAgents.Instrumentation");
        var openTelemetryPackage = _feed.Pack("src/OpenTelemetry/NumAgents.Instrumentation.OpenTelemetry.csproj");
        var openTelemetry = LocalPackageFeed.VersionOf(openTelemetryPackage, "NumAgents.Instrumentation.OpenTelemetry");

        // Never the bare prefix a stale NuGet cache would answer for: the commit and the state of the tree.
        Assert.Matches(DevelopmentVersion(), runtime);
        Assert.Equal(runtime, openTelemetry);
        using var archive = ZipFile.OpenRead(openTelemetryPackage);
        var nuspec = new StreamReader(archive.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open()).ReadToEnd();
        Assert.Contains($"<dependency id=\"NumAgents.Instrumentation\" version=\"{runtime}\"", nuspec, StringComparison.Ordinal);
    }

    /// <summary>GETs <paramref name="path"/> until the app answers (it is starting), failing with its output if it exits.</summary>
    private static async Task<string> AnswerWhenUpAsync(HttpClient http, string path, Process process)
    {
        var deadline = DateTime.UtcNow.AddMinutes(1);
        while (true)
        {
            if (process.HasExited) Assert.Fail($"the app exited with {process.ExitCode}:\n{await process.StandardOutput.ReadToEndAsync()}\n{await process.StandardError.ReadToEndAsync()}");
            try
            {
                return await http.GetStringAsync(new Uri(path, UriKind.Relative));
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(200);
            }
        }
    }

    private static int FreePort()
    {
        using var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        probe.Start();
        return ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
    }

    private static string? ParentOf(JsonElement span)
        => span.GetProperty("references").EnumerateArray().Where(r => r.GetProperty("refType").GetString() == "CHILD_OF").Select(r => r.GetProperty("spanID").GetString()).FirstOrDefault();

    private static Regex Sample(string name, params (string Key, string Value)[] labels)
    {
        var lookaheads = string.Concat(labels.Select(l => $"(?=[^}}]*{l.Key}=\"{Regex.Escape(l.Value)}\")"));
        return new Regex($"(?m)^{name}\\{{{lookaheads}[^}}]*\\}} 1$");
    }

    private static async Task<string> WaitForLineAsync(Process process, Regex pattern, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        var seen = new System.Text.StringBuilder();
        while (await process.StandardOutput.ReadLineAsync(cancel.Token) is { } line)
        {
            seen.AppendLine(line);
            if (pattern.Match(line) is { Success: true } match) return match.Groups["url"].Value;
        }

        Assert.Fail($"the app exited without printing its metrics address:\n{seen}\n{await process.StandardError.ReadToEndAsync()}");
        return string.Empty;
    }

    [GeneratedRegex(@"^metrics at (?<url>http://\S+); press Enter to stop$")]
    private static partial Regex MetricsLine();

    [GeneratedRegex(@"^\d+\.\d+\.\d+-dev\.g[0-9a-f]{7,40}\.(clean|w[0-9a-f]{10})$")]
    private static partial Regex DevelopmentVersion();
}
