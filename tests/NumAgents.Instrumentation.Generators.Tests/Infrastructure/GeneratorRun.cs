using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace NumAgents.Instrumentation.Generators.Tests.Infrastructure;

/// <summary>The outcome of running the generator once: the driver (to run again), the new compilation and what was generated.</summary>
internal sealed class GeneratorRun(GeneratorDriver driver, Compilation output, ImmutableArray<Diagnostic> diagnostics)
{
    public GeneratorDriver Driver { get; } = driver;

    public Compilation Output { get; } = output;

    public ImmutableArray<Diagnostic> GeneratorDiagnostics { get; } = diagnostics;

    public GeneratorDriverRunResult Result => Driver.GetRunResult();

    public IReadOnlyList<GeneratedSourceResult> Sources => [.. Result.Results.SelectMany(r => r.GeneratedSources)];

    public IReadOnlyList<string> HintNames => [.. Sources.Select(s => s.HintName).Order(StringComparer.Ordinal)];

    public Exception? GeneratorException => Result.Results.Select(r => r.Exception).FirstOrDefault(e => e is not null);

    public string Source(string hintName) => Sources.Single(s => s.HintName == hintName).SourceText.ToString();

    /// <summary>Errors and warnings of the compilation with the generated code, excluding the ones in <paramref name="ignoredIds"/>.</summary>
    public IReadOnlyList<Diagnostic> CompilationProblems(params string[] ignoredIds)
        => [.. Output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning && !ignoredIds.Contains(d.Id))];
}
