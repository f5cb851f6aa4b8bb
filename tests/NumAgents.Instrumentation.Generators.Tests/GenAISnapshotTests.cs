using NumAgents.Instrumentation.Generators.Tests.Infrastructure;

namespace NumAgents.Instrumentation.Generators.Tests;

/// <summary>
/// The generated code of GenAI methods and node classes (issue 14), compared with its checked-in baselines, and compiled:
/// the site's GenAI properties, usage read from each kind of result, tool call ids, span attributes and counter units.
/// </summary>
public sealed class GenAISnapshotTests
{
    [Fact]
    public void GenAI_methods_and_nodes_match_their_baselines_and_compile_cleanly()
    {
        var run = GeneratorHarness.Run(Sources.GenAI);
        Assert.Null(run.GeneratorException);
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.CompilationProblems());

        // Thirteen methods, each called once, and four node classes.
        Assert.Equal(17, run.Sources.Count);
        Assert.Equal(13, run.Sources.Sum(s => s.SourceText.ToString().Split("[global::System.Runtime.CompilerServices.InterceptsLocation(").Length - 1));
        foreach (var generated in run.Sources)
        {
            Snapshot.Match(generated.HintName, generated.SourceText.ToString());
        }
    }
}
