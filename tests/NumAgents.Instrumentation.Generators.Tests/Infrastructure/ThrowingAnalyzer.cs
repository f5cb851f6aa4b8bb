using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace NumAgents.Instrumentation.Generators.Tests.Infrastructure;

/// <summary>An analyzer that throws on every method, to prove the AD0001 check of the corpus would notice one that does.</summary>
/// <remarks>
/// A test double, never loaded by a compiler: it needs no [DiagnosticAnalyzer] attribute and no release tracking
/// (RS1001, RS2008 do not apply).
/// </remarks>
#pragma warning disable RS1001, RS2008
internal sealed class ThrowingAnalyzer : DiagnosticAnalyzer
{
    private static readonly DiagnosticDescriptor Rule = new("TEST0001", "Throws", "Throws", "Test", DiagnosticSeverity.Warning, isEnabledByDefault: true);

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => [Rule];

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterSymbolAction(_ => throw new InvalidOperationException("thrown on purpose"), SymbolKind.Method);
    }
}
