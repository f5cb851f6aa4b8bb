using System.Collections.Immutable;
using System.Runtime.InteropServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace NumAgents.Instrumentation.Generators.Tests.Infrastructure;

/// <summary>
/// Compiles test sources in memory against the running framework's own assemblies and the runtime
/// (no reference packs are downloaded, so tests run offline) and runs the generator over them.
/// </summary>
internal static class GeneratorHarness
{
    public const string InterceptorsNamespace = "NumAgents.Instrumentation.Generated";

    public static CSharpParseOptions ParseOptions { get; } = new CSharpParseOptions(LanguageVersion.CSharp13)
        .WithFeatures([new KeyValuePair<string, string>("InterceptorsNamespaces", InterceptorsNamespace)]);

    public static CSharpParseOptions ParseOptionsWithoutInterceptors { get; } = new(LanguageVersion.CSharp13);

    public static ImmutableArray<MetadataReference> References { get; } = LoadReferences();

    /// <summary>Without Microsoft.Extensions.AI, for sources that declare their own version of its types.</summary>
    public static ImmutableArray<MetadataReference> ReferencesWithoutAI { get; } =
        [.. References.Where(r => !Path.GetFileName(((PortableExecutableReference)r).FilePath!).StartsWith("Microsoft.Extensions.AI", StringComparison.Ordinal))];

    public static CSharpCompilation CreateCompilation(string source, string path = "Program.cs", CSharpParseOptions? parseOptions = null, OutputKind outputKind = OutputKind.DynamicallyLinkedLibrary)
        => CreateCompilation([(path, source)], parseOptions, outputKind);

    public static CSharpCompilation CreateCompilation(IEnumerable<(string Path, string Source)> sources, CSharpParseOptions? parseOptions = null, OutputKind outputKind = OutputKind.DynamicallyLinkedLibrary, IEnumerable<MetadataReference>? extraReferences = null, ImmutableArray<MetadataReference>? references = null)
    {
        var options = parseOptions ?? ParseOptions;
        var trees = sources.Select(s => CSharpSyntaxTree.ParseText(s.Source, options, s.Path)).ToList();
        return CSharpCompilation.Create(
            "Instrumented" + Guid.NewGuid().ToString("N"),
            trees,
            extraReferences is null ? references ?? References : (references ?? References).AddRange(extraReferences),
            new CSharpCompilationOptions(outputKind, nullableContextOptions: NullableContextOptions.Enable, allowUnsafe: false)
                .WithSpecificDiagnosticOptions([new KeyValuePair<string, ReportDiagnostic>("CS1591", ReportDiagnostic.Suppress)]));
    }

    public static GeneratorDriver CreateDriver(CSharpParseOptions? parseOptions = null)
        => CSharpGeneratorDriver.Create(
            [new InstrumentationGenerator().AsSourceGenerator()],
            parseOptions: parseOptions ?? ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    public static GeneratorRun Run(CSharpCompilation compilation, CSharpParseOptions? parseOptions = null)
    {
        var driver = CreateDriver(parseOptions ?? (CSharpParseOptions)compilation.SyntaxTrees.First().Options)
            .RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics);
        return new GeneratorRun(driver, output, diagnostics);
    }

    public static GeneratorRun Run(string source, CSharpParseOptions? parseOptions = null)
        => Run(CreateCompilation(source, parseOptions: parseOptions), parseOptions);

    private static ImmutableArray<MetadataReference> LoadReferences()
    {
        var runtimeDirectory = RuntimeEnvironment.GetRuntimeDirectory();
        var trusted = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        var wanted = new[] { typeof(AgentMonitor).Assembly.Location, typeof(Microsoft.Extensions.Logging.ILogger).Assembly.Location, typeof(Microsoft.Extensions.AI.ChatResponse).Assembly.Location, typeof(Microsoft.Extensions.AI.ChatResponse<>).Assembly.Location };
        return [
            .. trusted
                .Where(path => path.StartsWith(runtimeDirectory, StringComparison.Ordinal) && path.EndsWith(".dll", StringComparison.Ordinal))
                .Concat(wanted)
                .Distinct(StringComparer.Ordinal)
                .Select(path => MetadataReference.CreateFromFile(path)),
        ];
    }
}
