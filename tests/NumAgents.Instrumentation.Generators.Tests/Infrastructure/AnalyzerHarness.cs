using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using NumAgents.Instrumentation.Analyzers;

namespace NumAgents.Instrumentation.Generators.Tests.Infrastructure;

/// <summary>Runs every analyzer of the analyzer assembly over a compilation, as a build does, and keeps what they throw.</summary>
internal static class AnalyzerHarness
{
    public static ImmutableArray<DiagnosticAnalyzer> All { get; } =
    [
        .. typeof(RuleIdentifiers).Assembly.GetTypes()
            .Where(t => t.GetCustomAttribute<DiagnosticAnalyzerAttribute>() is not null)
            .OrderBy(t => t.FullName, StringComparer.Ordinal)
            .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!),
    ];

    public static async Task<AnalyzerRun> RunAsync(Compilation compilation, ImmutableArray<DiagnosticAnalyzer>? analyzers = null)
    {
        var exceptions = new ConcurrentQueue<string>();
        var options = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions([]),
            onAnalyzerException: (exception, analyzer, diagnostic) => exceptions.Enqueue(analyzer.GetType().Name + ": " + exception),
            concurrentAnalysis: true,
            logAnalyzerExecutionTime: false);
        var diagnostics = await compilation.WithAnalyzers(analyzers ?? All, options).GetAnalyzerDiagnosticsAsync();
        return new AnalyzerRun(diagnostics, [.. exceptions]);
    }
}
