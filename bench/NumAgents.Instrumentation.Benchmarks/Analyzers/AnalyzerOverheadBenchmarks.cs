using System.Collections.Immutable;
using BenchmarkDotNet.Attributes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using NumAgents.Instrumentation.Analyzers.Rules;
using NumAgents.Instrumentation.Analyzers.Tests.Performance;

namespace NumAgents.Instrumentation.Benchmarks.Analyzers;

/// <summary>
/// Compile time of a 1,000-file project (<see cref="SyntheticProject"/>) with and without the instrumentation
/// analyzers. Each operation compiles from parsed trees to an emitted assembly, as csc does; the analyzer
/// variants also run the analyzers over the compilation. The bar: the instrumentation analyzers add at
/// most 5% to a build, i.e. <see cref="CompileWithSdkAndInstrumentationAnalyzers"/> within 1.05 of
/// <see cref="CompileWithSdkAnalyzers"/> (every net10.0 build runs the SDK analyzers). The bare comparison
/// (<see cref="CompileWithInstrumentationAnalyzers"/> against <see cref="Compile"/>) is shown too: it also
/// pays for the semantic models and operation trees any analyzer needs.
/// </summary>
[MemoryDiagnoser]
public class AnalyzerOverheadBenchmarks
{
    private ImmutableArray<SyntaxTree> _trees;
    private ImmutableArray<DiagnosticAnalyzer> _instrumentation;
    private ImmutableArray<DiagnosticAnalyzer> _sdk;

    /// <summary>1,000 files, the project size; <c>NUMAGENTS_ANALYZER_BENCH_FILES</c> overrides it (the CI dry run uses a small project).</summary>
    [ParamsSource(nameof(FileCounts))]
    public int Files { get; set; }

    public static IEnumerable<int> FileCounts()
    {
        var configured = Environment.GetEnvironmentVariable("NUMAGENTS_ANALYZER_BENCH_FILES");
        yield return int.TryParse(configured, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var files) && files > 0 ? files : 1000;
    }

    [GlobalSetup]
    public void Setup()
    {
        _trees = SyntheticProject.Parse(Files);
        _instrumentation = InstrumentationAnalyzers();
        _sdk = SdkAnalyzers.Load();
    }

    [Benchmark(Baseline = true)]
    public bool Compile() => Emit(SyntheticProject.Compile(_trees));

    [Benchmark]
    public async Task<bool> CompileWithInstrumentationAnalyzers() => await CompileAndAnalyzeAsync(_instrumentation).ConfigureAwait(false);

    [Benchmark]
    public async Task<bool> CompileWithSdkAnalyzers() => await CompileAndAnalyzeAsync(_sdk).ConfigureAwait(false);

    [Benchmark]
    public async Task<bool> CompileWithSdkAndInstrumentationAnalyzers() => await CompileAndAnalyzeAsync(_sdk.AddRange(_instrumentation)).ConfigureAwait(false);

    internal static ImmutableArray<DiagnosticAnalyzer> InstrumentationAnalyzers() =>
    [
        new LabelCardinalityAnalyzer(),
        new MetricNameAnalyzer(),
        new InstrumentationAttributeAnalyzer(),
        new ScopeDisposalAnalyzer(),
        new NamingConventionAnalyzer(),
    ];

    private async Task<bool> CompileAndAnalyzeAsync(ImmutableArray<DiagnosticAnalyzer> analyzers)
    {
        var compilation = SyntheticProject.Compile(_trees);
        var diagnostics = await compilation.WithAnalyzers(analyzers).GetAnalyzerDiagnosticsAsync().ConfigureAwait(false);
        return Emit(compilation) && !diagnostics.IsDefault;
    }

    private static bool Emit(CSharpCompilation compilation)
    {
        using var image = new MemoryStream();
        return compilation.Emit(image).Success;
    }
}
