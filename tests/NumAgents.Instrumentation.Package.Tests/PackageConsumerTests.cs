using System.IO.Compression;
using System.Text.Json;
using NumAgents.Instrumentation.Package.Tests.Consumers;

namespace NumAgents.Instrumentation.Package.Tests;

/// <summary>
/// The user's real path: pack the package into a folder feed, create a fresh console project whose
/// only reference is the package, add an attributed node and an attributed method, build it with
/// warnings as errors, run it, and read back its spans and metrics.
/// </summary>
public sealed class PackageConsumerTests : IDisposable
{
    private readonly LocalPackageFeed _feed = LocalPackageFeed.Create();

    public void Dispose() => _feed.Dispose();

    [Fact]
    public void A_fresh_console_project_referencing_only_the_package_is_instrumented()
    {
        var version = "1.0.0-test." + DateTime.UtcNow.ToString("yyyyMMddHHmmssfff", System.Globalization.CultureInfo.InvariantCulture);
        var package = _feed.Pack("src/Runtime/NumAgents.Instrumentation.csproj", version);
        using (var archive = ZipFile.OpenRead(package))
        {
            var entries = archive.Entries.Select(e => e.FullName).ToHashSet();
            Assert.Contains("lib/net10.0/NumAgents.Instrumentation.dll", entries);
            Assert.Contains("lib/net10.0/NumAgents.Instrumentation.xml", entries);
            Assert.Contains("analyzers/dotnet/cs/NumAgents.Instrumentation.Generators.dll", entries);
            Assert.Contains("analyzers/dotnet/cs/NumAgents.Instrumentation.Analyzers.dll", entries);
            Assert.Contains("analyzers/dotnet/cs/NumAgents.Instrumentation.Analyzers.CodeFixes.dll", entries);
            Assert.Contains("buildTransitive/NumAgents.Instrumentation.props", entries);
            Assert.Contains("README.md", entries);
            var nuspec = new StreamReader(archive.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open()).ReadToEnd();
            Assert.Contains("<license type=\"expression\">MIT</license>", nuspec, StringComparison.Ordinal);
            Assert.Contains("<readme>README.md</readme>", nuspec, StringComparison.Ordinal);
            Assert.Contains("<repository type=\"git\"", nuspec, StringComparison.Ordinal);
        }

        var app = _feed.NewProject("App", LocalPackageFeed.ConsoleProject(("NumAgents.Instrumentation", version)));
        File.WriteAllText(Path.Combine(app, "Program.cs"), """
            using System.Text.Json;
            using NumAgents.Core;
            using NumAgents.Instrumentation;

            using var monitor = new AgentMonitor("package_app");
            var flow = new Flow([new GreetNode()], name: "greeting") { Monitor = monitor };
            flow.Execute();

            var spans = monitor.Tracer.GetAllSpans().Select(s => new { s.Name, s.SpanId, s.ParentSpanId, Status = s.Status.ToString() });
            var report = new
            {
                spans,
                nodes = monitor.Metrics.GetCounterValue("nodes.executed", [("node", "GreetNode"), ("outcome", "success")]),
                greetings = monitor.Metrics.GetCounterValue("greetings", [("class", "Greeter"), ("method", "Greet"), ("language", "fr"), ("outcome", "success")]),
                timer = monitor.Metrics.GetHistogramStats("node.duration", [("node", "GreetNode")]).Count,
            };
            Console.WriteLine(JsonSerializer.Serialize(report));

            [Traced, Timed, Counted]
            public partial class GreetNode : Node
            {
                protected override NodeResult Exec(SharedStore shared) => new() { ["text"] = Greeter.Greet("fr") };
            }

            public static class Greeter
            {
                [Traced, Counted("greetings")]
                public static string Greet([Label] string language) => language == "fr" ? "bonjour" : "hello";
            }
            """);

        var output = LocalPackageFeed.Run("dotnet", "run -c Release", app);
        var json = JsonDocument.Parse(output.Trim().Split('\n')[^1]).RootElement;

        var spans = json.GetProperty("spans").EnumerateArray().ToList();
        Assert.Equal(["Greeter.Greet", "flow.greeting", "node.GreetNode"], spans.Select(s => s.GetProperty("Name").GetString()!).Order(StringComparer.Ordinal).ToArray());
        Assert.All(spans, s => Assert.Equal("Ok", s.GetProperty("Status").GetString()));
        string? IdOf(string name) => spans.Single(s => s.GetProperty("Name").GetString() == name).GetProperty("SpanId").GetString();
        string? ParentOf(string name) => spans.Single(s => s.GetProperty("Name").GetString() == name).GetProperty("ParentSpanId").GetString();
        Assert.Null(ParentOf("flow.greeting"));
        Assert.Equal(IdOf("flow.greeting"), ParentOf("node.GreetNode"));
        Assert.Equal(IdOf("node.GreetNode"), ParentOf("Greeter.Greet"));
        Assert.Equal(1, json.GetProperty("nodes").GetDouble());
        Assert.Equal(1, json.GetProperty("greetings").GetDouble());
        Assert.Equal(1, json.GetProperty("timer").GetInt64());
    }
}
