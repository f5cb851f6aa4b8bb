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

    /// <summary>
    /// Errors and warnings of the compilation with the generated code, up to and including emit:
    /// interceptor signature mismatches are only found when calls are lowered.
    /// </summary>
    public IReadOnlyList<Diagnostic> CompilationProblems()
    {
        using var image = new MemoryStream();
        var emitted = Output.Emit(image);
        return [.. Output.GetDiagnostics().Concat(emitted.Diagnostics).Where(d => d.Severity >= DiagnosticSeverity.Warning).Distinct()];
    }
}
