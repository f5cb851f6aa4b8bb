using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace NumAgents.Instrumentation.Analyzers.Tests.Infrastructure;

/// <summary>
/// Runs an analyzer (and optionally its fix) over test sources written with <c>[|...|]</c> or
/// <c>{|NAI0001:...|}</c> markup, offline: references come from <see cref="TestReferences"/>.
/// The code-fix test also checks Fix All in document, project and solution.
/// </summary>
internal static class Verify<TAnalyzer>
    where TAnalyzer : DiagnosticAnalyzer, new()
{
    public static Task AnalyzerAsync(string source, params DiagnosticResult[] expected)
        => AnalyzerAsync(source, new Options(), expected);

    /// <summary>Runs the analyzer over several files, given as (path, source).</summary>
    public static Task AnalyzerAsync((string Path, string Source)[] sources, Options options, params DiagnosticResult[] expected)
    {
        var test = new AnalyzerTest { ParseOptions = options.ParseOptions };
        foreach (var source in sources)
        {
            test.TestState.Sources.Add(source);
        }

        Configure(test.TestState, options);
        test.DisabledDiagnostics.AddRange(options.Disabled);
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }

    /// <summary>Runs the analyzer with an <c>.editorconfig</c> body and rules of the same analyzer switched off.</summary>
    public static Task AnalyzerAsync(string source, Options options, params DiagnosticResult[] expected)
    {
        var test = new AnalyzerTest { TestCode = source, ParseOptions = options.ParseOptions };
        if (options.LibrarySource is { } library)
        {
            // A second project the test project references, to see what the analyzer does with symbols from metadata.
            var project = new ProjectState("Library", LanguageNames.CSharp, "/Library/", "cs") { ReferenceAssemblies = new ReferenceAssemblies("net10.0") };
            project.Sources.Add(("/Library/Library.cs", library));
            project.AdditionalReferences.AddRange(TestReferences.All);
            test.TestState.AdditionalProjects.Add("Library", project);
            test.TestState.AdditionalProjectReferences.Add("Library");
        }

        Configure(test.TestState, options);
        test.DisabledDiagnostics.AddRange(options.Disabled);
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }

    public static Task FixAsync<TFix>(string source, string fixedSource, params DiagnosticResult[] expected)
        where TFix : CodeFixProvider, new()
        => FixAsync<TFix>(source, fixedSource, new Options(), expected);

    /// <summary>Applies the fix one diagnostic at a time and as Fix All (document, project, solution); both must give <paramref name="fixedSource"/>.</summary>
    public static Task FixAsync<TFix>(string source, string fixedSource, Options options, params DiagnosticResult[] expected)
        where TFix : CodeFixProvider, new()
    {
        var test = new FixTest<TFix> { TestCode = source, FixedCode = fixedSource };
        Configure(test.TestState, options);
        test.DisabledDiagnostics.AddRange(options.Disabled);
        test.ExpectedDiagnostics.AddRange(expected);
        if (options.RemainingDiagnostics is { } remaining) test.FixedState.ExpectedDiagnostics.AddRange(remaining);
        if (options.FixIterations is { } iterations)
        {
            test.NumberOfIncrementalIterations = iterations;
            test.NumberOfFixAllIterations = 1;
        }

        return test.RunAsync();
    }

    private static void Configure(SolutionState state, Options options)
    {
        // No reference package: the framework's own assemblies are added below, so nothing is downloaded.
        state.ReferenceAssemblies = new ReferenceAssemblies("net10.0");
        state.AdditionalReferences.AddRange(TestReferences.All);
        if (options.OutputKind is { } outputKind) state.OutputKind = outputKind;
        if (options.EditorConfig is not null)
        {
            state.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n\n[*.cs]\n" + options.EditorConfig));
        }
    }

    /// <summary>What a test changes from the defaults.</summary>
    public sealed class Options
    {
        /// <summary>Lines for the <c>[*.cs]</c> section of an <c>.editorconfig</c>.</summary>
        public string? EditorConfig { get; init; }

        /// <summary>Rule ids of the same analyzer that the test does not look at.</summary>
        public string[] Disabled { get; init; } = [];

        /// <summary>Diagnostics expected after the fix (those it does not fix).</summary>
        public DiagnosticResult[]? RemainingDiagnostics { get; init; }

        /// <summary>A console application when the test needs an entry point.</summary>
        public OutputKind? OutputKind { get; init; }

        /// <summary>How many one-at-a-time fixes reach the fixed code (when one fix resolves several diagnostics).</summary>
        public int? FixIterations { get; init; }

        /// <summary>Parse options other than <see cref="TestReferences.ParseOptions"/>: a language version, compiler features.</summary>
        public CSharpParseOptions? ParseOptions { get; init; }

        /// <summary>The source of a library project the test project references.</summary>
        public string? LibrarySource { get; init; }
    }

    private sealed class AnalyzerTest : CSharpAnalyzerTest<TAnalyzer, DefaultVerifier>
    {
        public CSharpParseOptions? ParseOptions { get; init; }

        protected override ParseOptions CreateParseOptions() => ParseOptions ?? TestReferences.ParseOptions;

        protected override CompilationOptions CreateCompilationOptions()
            => ((CSharpCompilationOptions)base.CreateCompilationOptions()).WithNullableContextOptions(NullableContextOptions.Enable);
    }

    private sealed class FixTest<TFix> : CSharpCodeFixTest<TAnalyzer, TFix, DefaultVerifier>
        where TFix : CodeFixProvider, new()
    {
        protected override ParseOptions CreateParseOptions() => TestReferences.ParseOptions;

        protected override CompilationOptions CreateCompilationOptions()
            => ((CSharpCompilationOptions)base.CreateCompilationOptions()).WithNullableContextOptions(NullableContextOptions.Enable);
    }
}
