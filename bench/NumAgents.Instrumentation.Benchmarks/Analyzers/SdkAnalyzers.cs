using System.Collections.Immutable;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace NumAgents.Instrumentation.Benchmarks.Analyzers;

/// <summary>
/// The .NET SDK's own code-quality analyzers (Microsoft.CodeAnalysis.NetAnalyzers), loaded from the SDK that
/// runs the benchmark: every <c>dotnet build</c> of a net10.0 project runs them, so they are the honest
/// baseline for "what do our analyzers add to a build".
/// </summary>
internal static class SdkAnalyzers
{
    public static ImmutableArray<DiagnosticAnalyzer> Load()
    {
        // <dotnet root>/shared/Microsoft.NETCore.App/<version>/ -> <dotnet root>/sdk/<version>/Sdks/Microsoft.NET.Sdk/analyzers
        var dotnetRoot = Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));
        var sdk = Directory.Exists(Path.Combine(dotnetRoot, "sdk"))
            ? Directory.GetDirectories(Path.Combine(dotnetRoot, "sdk")).OrderBy(d => d, StringComparer.Ordinal).LastOrDefault(d => File.Exists(Path.Combine(d, "Sdks", "Microsoft.NET.Sdk", "analyzers", "Microsoft.CodeAnalysis.NetAnalyzers.dll")))
            : null;
        if (sdk is null)
        {
            throw new InvalidOperationException("No .NET SDK with Microsoft.CodeAnalysis.NetAnalyzers.dll under " + dotnetRoot);
        }

        var directory = Path.Combine(sdk, "Sdks", "Microsoft.NET.Sdk", "analyzers");
        var loader = new DefaultContextLoader();
        string[] files = ["Microsoft.CodeAnalysis.NetAnalyzers.dll", "Microsoft.CodeAnalysis.CSharp.NetAnalyzers.dll"];
        return files
            .Select(file => new AnalyzerFileReference(Path.Combine(directory, file), loader))
            .SelectMany(reference => reference.GetAnalyzers(LanguageNames.CSharp))
            .ToImmutableArray();
    }

    private sealed class DefaultContextLoader : IAnalyzerAssemblyLoader
    {
        public void AddDependencyLocation(string fullPath)
        {
        }

        public Assembly LoadFromPath(string fullPath) => AssemblyLoadContext.Default.LoadFromAssemblyPath(fullPath);
    }
}
