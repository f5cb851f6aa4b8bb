using System.Diagnostics;
using System.Text.RegularExpressions;

namespace NumAgents.Instrumentation.Package.Tests.Consumers;

/// <summary>
/// What a user does with the packages: pack projects of this repository into a folder feed, and make
/// fresh projects (with their own NuGet.config, outside this repository's MSBuild settings) that
/// reference them, build them and run them.
/// </summary>
internal sealed partial class LocalPackageFeed : IDisposable
{
    private LocalPackageFeed(string work)
    {
        Work = work;
        Feed = Directory.CreateDirectory(Path.Combine(work, "feed")).FullName;
    }

    public string Work { get; }

    public string Feed { get; }

    public static LocalPackageFeed Create() => new(Directory.CreateTempSubdirectory("numagents-package-").FullName);

    public void Dispose() => Directory.Delete(Work, recursive: true);

    /// <summary>Packs <paramref name="projectPath"/> (relative to the repository root) with <paramref name="version"/>, or with the version the build computes when null; returns the package's path.</summary>
    public string Pack(string projectPath, string? version = null)
    {
        var before = Directory.EnumerateFiles(Feed, "*.nupkg").ToHashSet();
        var versionArgument = version is null ? string.Empty : $" -p:Version={version}";
        Run("dotnet", $"pack \"{Path.Combine(RepositoryRoot(), projectPath)}\" -c Release -o \"{Feed}\"{versionArgument}", RepositoryRoot());
        return Assert.Single(Directory.EnumerateFiles(Feed, "*.nupkg"), path => !before.Contains(path));
    }

    /// <summary>The version in a package file name such as <c>NumAgents.Instrumentation.1.1.0-dev.gabc.clean.nupkg</c>.</summary>
    public static string VersionOf(string package, string id)
    {
        var name = Path.GetFileNameWithoutExtension(package);
        Assert.StartsWith(id + ".", name, StringComparison.Ordinal);
        return name[(id.Length + 1)..];
    }

    /// <summary>A fresh project directory with a NuGet.config that sees the feed first, then nuget.org.</summary>
    public string NewProject(string name, string projectFile)
    {
        var app = Directory.CreateDirectory(Path.Combine(Work, name)).FullName;
        File.WriteAllText(Path.Combine(app, "NuGet.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="local" value="{Feed}" />
                <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
              </packageSources>
            </configuration>
            """);
        File.WriteAllText(Path.Combine(app, name + ".csproj"), projectFile);
        return app;
    }

    /// <summary>A console project with warnings as errors that references <paramref name="packages"/>.</summary>
    public static string ConsoleProject(params (string Id, string Version)[] packages) => Project("Microsoft.NET.Sdk", packages);

    /// <summary>An ASP.NET Core project (<c>dotnet new web</c>'s SDK) with warnings as errors that references <paramref name="packages"/>.</summary>
    public static string WebProject(params (string Id, string Version)[] packages) => Project("Microsoft.NET.Sdk.Web", packages);

    private static string Project(string sdk, (string Id, string Version)[] packages) => $"""
        <Project Sdk="{sdk}">
          <PropertyGroup>
            <OutputType>Exe</OutputType>
            <TargetFramework>net10.0</TargetFramework>
            <Nullable>enable</Nullable>
            <ImplicitUsings>enable</ImplicitUsings>
            <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
          </PropertyGroup>
          <ItemGroup>
        {string.Concat(packages.Select(p => $"    <PackageReference Include=\"{p.Id}\" Version=\"{p.Version}\" />\n"))}  </ItemGroup>
        </Project>
        """;

    /// <summary>The first C# block after <paramref name="marker"/> in the repository's README.md, exactly as written.</summary>
    public static string ReadmeCodeAfter(string marker)
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryRoot(), "README.md"));
        var at = readme.IndexOf(marker, StringComparison.Ordinal);
        Assert.True(at >= 0, $"README.md no longer says '{marker}'");
        var block = CSharpBlock().Match(readme, at);
        Assert.True(block.Success, $"README.md has no C# block after '{marker}'");
        return block.Groups["code"].Value;
    }

    public static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "NumAgents.Instrumentation.sln"))) return directory.FullName;
        }

        throw new InvalidOperationException("The repository root (NumAgents.Instrumentation.sln) was not found above " + AppContext.BaseDirectory);
    }

    public static string Run(string fileName, string arguments, string workingDirectory) => Run(Start(fileName, arguments, workingDirectory, redirectInput: false), $"{fileName} {arguments}");

    /// <summary>A process as a user's shell starts it, outside this repository's MSBuild settings.</summary>
    public static ProcessStartInfo Start(string fileName, string arguments, string workingDirectory, bool redirectInput)
    {
        var start = new ProcessStartInfo(fileName, arguments)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = redirectInput,
            UseShellExecute = false,
        };
        start.Environment["MSBuildExtensionsPath"] = null;
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        return start;
    }

    private static string Run(ProcessStartInfo start, string what)
    {
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{what} did not finish in 5 minutes.");
        }

        var output = stdout.Result;
        Assert.True(process.ExitCode == 0, $"{what} exited {process.ExitCode}:\n{output}\n{stderr.Result}");
        return output;
    }

    [GeneratedRegex("```csharp\\n(?<code>.*?)```", RegexOptions.Singleline)]
    private static partial Regex CSharpBlock();
}
