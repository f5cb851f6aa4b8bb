using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.Extensions.Logging;

namespace NumAgents.Instrumentation.Analyzers.Tests.Infrastructure;

/// <summary>
/// Metadata references for test compilations, all from this machine: the running framework's assemblies
/// (so no reference pack is downloaded), the real runtime, and the stub assembly built from <see cref="RuntimeStubs"/>.
/// </summary>
internal static class TestReferences
{
    private static readonly Lazy<ImmutableArray<MetadataReference>> Framework = new(LoadFramework);
    private static readonly Lazy<MetadataReference?> Stubs = new(BuildStubs);

    // Found beside the tests rather than named by type: the benchmarks compile this file too, without that package.
    private static readonly Lazy<MetadataReference?> AI = new(() => Path.Combine(AppContext.BaseDirectory, "Microsoft.Extensions.AI.Abstractions.dll") is var path && File.Exists(path) ? MetadataReference.CreateFromFile(path) : null);

    public static CSharpParseOptions ParseOptions { get; } = new(LanguageVersion.Latest);

    /// <summary>Framework, runtime, Microsoft.Extensions.AI.Abstractions and (until the runtime has the attributes) stubs: what a user project that references the package sees.</summary>
    public static ImmutableArray<MetadataReference> All
    {
        get
        {
            var references = Framework.Value
                .Add(MetadataReference.CreateFromFile(typeof(MetricsCollector).Assembly.Location))
                .Add(MetadataReference.CreateFromFile(typeof(ILoggerFactory).Assembly.Location));
            if (AI.Value is { } ai) references = references.Add(ai);
            return Stubs.Value is { } stubs ? references.Add(stubs) : references;
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

    private static MetadataReference? BuildStubs()
    {
        // Once the generator's attributes are in the runtime, a second definition would make them ambiguous.
        if (typeof(MetricsCollector).Assembly.GetType("NumAgents.Instrumentation.TracedAttribute") is not null) return null;

        var compilation = CSharpCompilation.Create(
            RuntimeStubs.AssemblyName,
            [CSharpSyntaxTree.ParseText(RuntimeStubs.Source, ParseOptions)],
            Framework.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        using var image = new MemoryStream();
        var result = compilation.Emit(image);
        if (!result.Success)
        {
            throw new InvalidOperationException("The runtime stubs do not compile: " + string.Join(Environment.NewLine, result.Diagnostics));
        }

        return MetadataReference.CreateFromImage(image.ToArray());
    }
}
