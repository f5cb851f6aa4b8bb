using System.Reflection;
using System.Runtime.InteropServices;
using System.Runtime.Versioning;

namespace NumAgents.Instrumentation.Package.Tests.Aspire;

/// <summary>
/// Finds the Aspire Dashboard that restore downloaded (the test project's <c>PackageDownload</c> of
/// <c>Aspire.Dashboard.Sdk.linux-x64</c>): <c>tools/Aspire.Dashboard</c> in the NuGet packages folder.
/// </summary>
internal static class AspireDashboardLocator
{
    private const string PackageId = "aspire.dashboard.sdk.linux-x64";

    /// <summary>The package version the project restores, written into the assembly at build time.</summary>
    public static string Version => Metadata("AspireDashboardVersion")
        ?? throw new InvalidOperationException("The test assembly carries no AspireDashboardVersion metadata; see the project file.");

    /// <summary>
    /// The full path of <c>tools/Aspire.Dashboard</c>, made executable if restore left it without the
    /// execute bit. Throws with every folder it looked in when the package is missing.
    /// </summary>
    public static string FindExecutable()
    {
        if (!OperatingSystem.IsLinux() || RuntimeInformation.OSArchitecture != Architecture.X64)
        {
            throw new PlatformNotSupportedException("The restored dashboard package is Aspire.Dashboard.Sdk.linux-x64; this machine is not linux-x64.");
        }

        var looked = new List<string>();
        foreach (var root in PackageRoots())
        {
            var executable = Path.Combine(root, PackageId, Version, "tools", "Aspire.Dashboard");
            looked.Add(executable);
            if (File.Exists(executable))
            {
                EnsureExecutable(executable);
                return executable;
            }
        }

        throw new FileNotFoundException(
            $"Aspire Dashboard {Version} was not found; run 'dotnet restore' on the test project (its PackageDownload fetches it). Looked at:\n  "
            + string.Join("\n  ", looked));
    }

    /// <summary>
    /// NUGET_PACKAGES as the test run sees it, then the folder restore used at build time (it also
    /// honours a NuGet.config <c>globalPackagesFolder</c>), then NuGet's default <c>~/.nuget/packages</c>.
    /// </summary>
    private static IEnumerable<string> PackageRoots()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("NUGET_PACKAGES");
        if (!string.IsNullOrWhiteSpace(fromEnvironment)) yield return fromEnvironment;

        var fromRestore = Metadata("NuGetPackageRoot");
        if (!string.IsNullOrWhiteSpace(fromRestore)) yield return fromRestore;

        yield return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
    }

    /// <summary>
    /// The package asks for mode 755 (its <c>data/UnixFilePermissions.xml</c>); an extraction that
    /// dropped execute bits gets them back wherever the matching read bit is set.
    /// </summary>
    [SupportedOSPlatform("linux")]
    private static void EnsureExecutable(string path)
    {
        var mode = File.GetUnixFileMode(path);
        var wanted = mode | UnixFileMode.UserExecute;
        if (mode.HasFlag(UnixFileMode.GroupRead)) wanted |= UnixFileMode.GroupExecute;
        if (mode.HasFlag(UnixFileMode.OtherRead)) wanted |= UnixFileMode.OtherExecute;
        if (wanted == mode) return;

        try
        {
            File.SetUnixFileMode(path, wanted);
        }
        catch (Exception exception) when (exception is UnauthorizedAccessException or IOException)
        {
            throw new InvalidOperationException($"{path} is not executable ({mode}) and its mode could not be changed: {exception.Message}", exception);
        }
    }

    private static string? Metadata(string key) => typeof(AspireDashboardLocator).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .FirstOrDefault(attribute => attribute.Key == key)?.Value;
}
