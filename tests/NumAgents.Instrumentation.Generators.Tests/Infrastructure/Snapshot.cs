using System.Reflection;

namespace NumAgents.Instrumentation.Generators.Tests.Infrastructure;

/// <summary>
/// Hand-written baseline testing (Verify is not available here): generated text is compared with
/// <c>Snapshots/&lt;hint&gt;.verified.cs</c>; a mismatch writes <c>.received.cs</c> beside it and fails.
/// Run the tests with <c>NUMAGENTS_ACCEPT_SNAPSHOTS=1</c> to accept the received text as the new baseline.
/// </summary>
internal static class Snapshot
{
    public const string AcceptVariable = "NUMAGENTS_ACCEPT_SNAPSHOTS";

    public static void Match(string hintName, string actual)
    {
        var directory = SnapshotDirectory;
        var baseName = hintName.EndsWith(".cs", StringComparison.Ordinal) ? hintName[..^3] : hintName;
        var verified = Path.Combine(directory, baseName + ".verified.cs");
        var received = Path.Combine(directory, baseName + ".received.cs");
        actual = WithoutVersion(actual.Replace("\r\n", "\n", StringComparison.Ordinal));

        if (Environment.GetEnvironmentVariable(AcceptVariable) == "1")
        {
            Directory.CreateDirectory(directory);
            File.WriteAllText(verified, actual);
            File.Delete(received);
            return;
        }

        var expected = File.Exists(verified) ? File.ReadAllText(verified).Replace("\r\n", "\n", StringComparison.Ordinal) : null;
        if (expected == actual)
        {
            File.Delete(received);
            return;
        }

        File.WriteAllText(received, actual);
        Assert.Fail(expected is null
            ? $"No baseline {verified}; the generated text was written to {received}. Review it, then rerun with {AcceptVariable}=1."
            : $"Generated text differs from {verified} at {FirstDifference(expected, actual)}; see {received}. Rerun with {AcceptVariable}=1 to accept.");
    }

    /// <summary>
    /// The generator's version, written in every <c>[GeneratedCode]</c>, changes with each release; the
    /// baselines hold a placeholder so that they describe the code, not the version that wrote it.
    /// </summary>
    private static string WithoutVersion(string text)
        => text.Replace($"\"NumAgents.Instrumentation.Generators\", \"{GeneratorVersion}\"", "\"NumAgents.Instrumentation.Generators\", \"{version}\"", StringComparison.Ordinal);

    private static string GeneratorVersion { get; } = typeof(InstrumentationGenerator).Assembly.GetName().Version!.ToString();

    private static string FirstDifference(string expected, string actual)
    {
        var expectedLines = expected.Split('\n');
        var actualLines = actual.Split('\n');
        for (var i = 0; i < Math.Max(expectedLines.Length, actualLines.Length); i++)
        {
            var e = i < expectedLines.Length ? expectedLines[i] : "<end>";
            var a = i < actualLines.Length ? actualLines[i] : "<end>";
            if (e != a) return $"line {i + 1}: expected `{e}`, got `{a}`";
        }

        return "end of file";
    }

    private static string SnapshotDirectory { get; } =
        typeof(Snapshot).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(attribute => attribute.Key == "SnapshotDirectory").Value
        ?? throw new InvalidOperationException("The test assembly does not say where its snapshots are.");
}
