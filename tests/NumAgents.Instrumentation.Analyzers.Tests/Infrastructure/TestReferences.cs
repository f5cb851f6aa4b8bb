using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.Extensions.Logging;

namespace NumAgents.Instrumentation.Analyzers.Tests.Infrastructure;

/// <summary>
/// Metadata references for test compilations, all from this machine: the running framework's assemblies
/// (so no reference pack is downloaded) and the real runtime, whose instrumentation attributes ([Traced], [Timed],
/// [Counted], [Label], [SpanAttribute]) the test sources use as a user project would.
/// </summary>
internal static class TestReferences
{
    private static readonly Lazy<ImmutableArray<MetadataReference>> Framework = new(LoadFramework);

    // Found beside the tests rather than named by type: the benchmarks compile this file too, without that package.
    private static readonly Lazy<MetadataReference?> AI = new(() => Path.Combine(AppContext.BaseDirectory, "Microsoft.Extensions.AI.Abstractions.dll") is var path && File.Exists(path) ? MetadataReference.CreateFromFile(path) : null);

    public static CSharpParseOptions ParseOptions { get; } = new(LanguageVersion.Latest);

    /// <summary>Framework, runtime, Microsoft.Extensions.Logging.Abstractions and Microsoft.Extensions.AI.Abstractions: what a user project that references the package sees.</summary>
    public static ImmutableArray<MetadataReference> All
    {
        get
        {
            var references = Framework.Value
                .Add(MetadataReference.CreateFromFile(typeof(MetricsCollector).Assembly.Location))
                .Add(MetadataReference.CreateFromFile(typeof(ILoggerFactory).Assembly.Location));
            return AI.Value is { } ai ? references.Add(ai) : references;
        }
    }

    /// <summary>The framework alone: a project that does not use the runtime.</summary>
    public static ImmutableArray<MetadataReference> FrameworkOnly => Framework.Value;

    private static ImmutableArray<MetadataReference> LoadFramework()
    {
        // The shared framework directory holds exactly the assemblies a net10.0 app references.
        var frameworkDirectory = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        var trusted = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        return trusted
            .Where(path => string.Equals(Path.GetDirectoryName(path), frameworkDirectory, StringComparison.Ordinal))
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .ToImmutableArray();
    }
}
