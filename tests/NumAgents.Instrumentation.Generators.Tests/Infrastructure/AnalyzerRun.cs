using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace NumAgents.Instrumentation.Generators.Tests.Infrastructure;

/// <summary>What the analyzers reported over one compilation, and what any of them threw.</summary>
internal sealed class AnalyzerRun(ImmutableArray<Diagnostic> diagnostics, IReadOnlyList<string> exceptions)
{
    public ImmutableArray<Diagnostic> Diagnostics { get; } = diagnostics;

    /// <summary>Exceptions thrown by an analyzer (each also becomes an AD0001 warning in a build).</summary>
    public IReadOnlyList<string> Exceptions { get; } = exceptions;

    /// <summary>Every analyzer failure: a thrown exception or an AD0001 diagnostic.</summary>
    public IReadOnlyList<string> Failures => [.. Exceptions, .. Diagnostics.Where(d => d.Id == "AD0001").Select(d => d.ToString())];
}
