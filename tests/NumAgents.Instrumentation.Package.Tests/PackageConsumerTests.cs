using System.Diagnostics;
using System.IO.Compression;
using System.Text.Json;

namespace NumAgents.Instrumentation.Package.Tests;

/// <summary>
/// The user's real path: pack the package into a folder feed, create a fresh console project whose
/// only reference is the package, add an attributed node and an attributed method, build it with
/// warnings as errors, run it, and read back its spans and metrics.
/// </summary>
public sealed class PackageConsumerTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("numagents-package-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [Fact]
    public void A_fresh_console_project_referencing_only_the_package_is_instrumented()
    {
        var version = "1.0.0-test." + DateTime.UtcNow.ToString("yyyyMMddHHmmssfff", System.Globalization.CultureInfo.InvariantCulture);
        var feed = Directory.CreateDirectory(Path.Combine(_work, "feed")).FullName;
        Run("dotnet", $"pack \"{Path.Combine(RepositoryRoot(), "src", "Runtime", "NumAgents.Instrumentation.csproj")}\" -c Release -o \"{feed}\" -p:Version={version}", RepositoryRoot());

        var package = Path.Combine(feed, $"NumAgents.Instrumentation.{version}.nupkg");
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

        var app = Directory.CreateDirectory(Path.Combine(_work, "app")).FullName;
        File.WriteAllText(Path.Combine(app, "NuGet.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="local" value="{feed}" />
                <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
              </packageSources>
            </configuration>
            """);
        File.WriteAllText(Path.Combine(app, "App.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="NumAgents.Instrumentation" Version="{version}" />
              </ItemGroup>
            </Project>
            """);
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

        var output = Run("dotnet", "run -c Release", app);
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

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "NumAgents.Instrumentation.sln"))) return directory.FullName;
        }

        throw new InvalidOperationException("The repository root (NumAgents.Instrumentation.sln) was not found above " + AppContext.BaseDirectory);
    }

    private static string Run(string fileName, string arguments, string workingDirectory)
    {
        var start = new ProcessStartInfo(fileName, arguments)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };

        // The consumer must not inherit this repository's MSBuild settings.
        start.Environment["MSBuildExtensionsPath"] = null;
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} {arguments} did not finish in 5 minutes.");
        }

        var output = stdout.Result;
        Assert.True(process.ExitCode == 0, $"{fileName} {arguments} exited {process.ExitCode}:\n{output}\n{stderr.Result}");
        return output;
    }
}
