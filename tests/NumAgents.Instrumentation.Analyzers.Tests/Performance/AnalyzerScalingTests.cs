using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using NumAgents.Instrumentation.Analyzers.Internal;
using NumAgents.Instrumentation.Analyzers.Rules;

namespace NumAgents.Instrumentation.Analyzers.Tests.Performance;

/// <summary>
/// The analyzers' work grows linearly with the project: no callback runs per pair of files, symbols are
/// resolved once per compilation, generated code is skipped and execution is concurrent. The time it takes
/// is measured in bench/ (AnalyzerOverheadBenchmarks), never asserted here.
/// </summary>
public sealed class AnalyzerScalingTests
{
    private static readonly Func<DiagnosticAnalyzer>[] AllAnalyzers =
    [
        () => new LabelCardinalityAnalyzer(),
        () => new MetricNameAnalyzer(),
        () => new InstrumentationAttributeAnalyzer(),
        () => new ScopeDisposalAnalyzer(),
        () => new NamingConventionAnalyzer(),
    ];

    [Fact]
    public async Task Callbacks_and_diagnostics_grow_exactly_linearly_with_the_number_of_files()
    {
        var small = await RunAsync(16);
        var medium = await RunAsync(32);
        var large = await RunAsync(64);

        foreach (var kind in large.Callbacks.Keys)
        {
            var (s, m, l) = (small.Callbacks.GetValueOrDefault(kind), medium.Callbacks.GetValueOrDefault(kind), large.Callbacks.GetValueOrDefault(kind));

            // callbacks = a * files + b, so doubling the files adds the same amount twice.
            Assert.True(l - m == 2 * (m - s), $"{kind}: {s}, {m}, {l} callbacks for 16, 32, 64 files is not linear");
        }

        // Once per compilation, whatever its size.
        Assert.Equal(AllAnalyzers.Length, large.Callbacks["CompilationStart"]);
        Assert.Equal(2, large.Callbacks["CompilationEnd"]);
        Assert.True(large.Callbacks["Operation"] > small.Callbacks["Operation"], "the synthetic project must exercise the operation actions");
        // Each file reports one unbounded label (NAI0001) and its metric's budget (NAI0003, at compilation end).
        Assert.Equal(2 * 16, small.Diagnostics);
        Assert.Equal(2 * 64, large.Diagnostics);
    }

    [Fact]
    public async Task Every_analyzer_runs_concurrently_skips_generated_code_and_shares_one_symbol_set_per_compilation()
    {
        var run = await RunAsync(10);

        Assert.All(run.Analyzers, a => Assert.True(a.ConcurrentExecution));
        Assert.All(run.Analyzers, a => Assert.Equal(GeneratedCodeAnalysisFlags.None, a.GeneratedCode));

        var compilations = run.Analyzers.SelectMany(a => a.StartedFor).Distinct().ToArray();
        var compilation = Assert.Single(compilations);
        Assert.Same(InstrumentationSymbols.GetOrCreate(compilation), InstrumentationSymbols.GetOrCreate(compilation));
        Assert.NotNull(InstrumentationSymbols.GetOrCreate(compilation).MetricsCollector);
        Assert.NotNull(InstrumentationSymbols.GetOrCreate(compilation).Tracer);
    }

    [Fact]
    public async Task A_project_that_does_not_use_the_runtime_costs_one_callback_per_analyzer()
    {
        var trees = ImmutableArray.Create(Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText("class Plain { void M() { System.Console.WriteLine(1); } }"));
        var compilation = Microsoft.CodeAnalysis.CSharp.CSharpCompilation.Create("Plain", trees, Infrastructure.TestReferences.FrameworkOnly);
        var analyzers = AllAnalyzers.Select(a => new CountingAnalyzer(a())).ToArray();
        await compilation.WithAnalyzers([.. analyzers]).GetAnalyzerDiagnosticsAsync();

        Assert.All(analyzers, a => Assert.Equal(["CompilationStart"], a.Callbacks.Keys));
    }

    private static async Task<Run> RunAsync(int files)
    {
        var compilation = SyntheticProject.Compile(SyntheticProject.Parse(files));
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        var analyzers = AllAnalyzers.Select(a => new CountingAnalyzer(a())).ToArray();
        var diagnostics = await compilation.WithAnalyzers([.. analyzers]).GetAnalyzerDiagnosticsAsync();
        var totals = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var analyzer in analyzers)
        {
            foreach (var (kind, count) in analyzer.Callbacks)
            {
                totals[kind] = totals.GetValueOrDefault(kind) + count;
            }
        }

        return new Run(analyzers, totals, diagnostics.Length);
    }

    private sealed record Run(CountingAnalyzer[] Analyzers, Dictionary<string, int> Callbacks, int Diagnostics);
}
