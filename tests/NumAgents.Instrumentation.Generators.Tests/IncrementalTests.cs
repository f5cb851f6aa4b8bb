using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using NumAgents.Instrumentation.Generators.Helpers;
using NumAgents.Instrumentation.Generators.Tests.Infrastructure;

namespace NumAgents.Instrumentation.Generators.Tests;

/// <summary>The pipeline caches: an edit that changes nothing it reads re-emits nothing.</summary>
public sealed class IncrementalTests
{
    private const string Nodes = """
        using NumAgents.Core;
        using NumAgents.Instrumentation;

        namespace Shop.Nodes;

        [Traced, Timed, Counted]
        public partial class LoadNode : Node
        {
            protected override NodeResult Exec(SharedStore shared) => new();
        }

        [Timed]
        public partial class SaveNode : Node
        {
            protected override NodeResult Exec(SharedStore shared) => new();
        }

        [Counted]
        public partial class CountNode : Node
        {
            protected override NodeResult Exec(SharedStore shared) => new();
        }
        """;

    private const string Unrelated = """
        namespace Shop.Other;

        public static class Helper
        {
            public static int Twice(int value) => value * 2;

            public static int Use() => Twice(21);
        }
        """;

    /// <summary>Every step that has a tracking name, so none can be forgotten by this test.</summary>
    private static readonly string[] s_trackedSteps =
    [
        TrackingNames.Options,
        TrackingNames.TracedNodes, TrackingNames.TracedNodes + TrackingNames.WithOptionsSuffix, TrackingNames.TracedNodes + TrackingNames.GeneratedSuffix, TrackingNames.TracedNodes + TrackingNames.SpecSuffix,
        TrackingNames.TimedNodes, TrackingNames.TimedNodes + TrackingNames.WithOptionsSuffix, TrackingNames.TimedNodes + TrackingNames.GeneratedSuffix, TrackingNames.TimedNodes + TrackingNames.SpecSuffix,
        TrackingNames.CountedNodes, TrackingNames.CountedNodes + TrackingNames.WithOptionsSuffix, TrackingNames.CountedNodes + TrackingNames.GeneratedSuffix, TrackingNames.CountedNodes + TrackingNames.SpecSuffix,
        TrackingNames.CallSites, TrackingNames.InstrumentedCallSites, TrackingNames.InstrumentedCallSiteSpecs,
        TrackingNames.AllCallSites, TrackingNames.AllCallSitesWithOptions, TrackingNames.Interceptors,
    ];

    [Fact]
    public void An_unrelated_edit_leaves_every_tracked_step_cached_or_unchanged()
    {
        var compilation = GeneratorHarness.CreateCompilation([("Nodes.cs", Nodes), ("Services.cs", Sources.SyncMethods), ("Async.cs", Sources.AsyncMethods), ("Other.cs", Unrelated)]);
        var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);
        var first = driver.GetRunResult().Results.Single();
        Assert.Null(first.Exception);
        Assert.NotEmpty(first.GeneratedSources);

        var edited = Replace(compilation, "Other.cs", Unrelated.Replace("value * 2", "value + value", StringComparison.Ordinal));
        var second = driver.RunGenerators(edited).GetRunResult().Results.Single();

        Assert.Equal(first.GeneratedSources.Select(s => s.HintName), second.GeneratedSources.Select(s => s.HintName));
        foreach (var name in s_trackedSteps)
        {
            Assert.True(second.TrackedSteps.ContainsKey(name), $"step {name} was not tracked");
            foreach (var step in second.TrackedSteps[name])
            {
                foreach (var (_, reason) in step.Outputs)
                {
                    Assert.True(reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"step {name} output was {reason}");
                }
            }
        }

        foreach (var output in second.TrackedOutputSteps.SelectMany(o => o.Value).SelectMany(s => s.Outputs))
        {
            Assert.True(output.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"an output was {output.Reason}");
        }
    }

    [Fact]
    public void Changing_an_attribute_regenerates_only_what_it_describes()
    {
        var compilation = GeneratorHarness.CreateCompilation([("Nodes.cs", Nodes), ("Services.cs", Sources.SyncMethods)]);
        var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);
        var before = driver.GetRunResult();

        var edited = Replace(compilation, "Nodes.cs", Nodes.Replace("[Timed]", "[Timed(\"save.duration\")]", StringComparison.Ordinal));
        var after = driver.RunGenerators(edited).GetRunResult().Results.Single();

        // The Timed pipeline saw a modified spec; the Traced and Counted ones did not.
        Assert.Contains(after.TrackedSteps[TrackingNames.TimedNodes + TrackingNames.SpecSuffix].SelectMany(s => s.Outputs), o => o.Reason == IncrementalStepRunReason.Modified);
        Assert.All(after.TrackedSteps[TrackingNames.TracedNodes + TrackingNames.SpecSuffix].SelectMany(s => s.Outputs), o => Assert.NotEqual(IncrementalStepRunReason.Modified, o.Reason));
        Assert.All(after.TrackedSteps[TrackingNames.Interceptors].SelectMany(s => s.Outputs), o => Assert.NotEqual(IncrementalStepRunReason.Modified, o.Reason));
        Assert.Contains("\"save.duration\"", after.GeneratedSources.Single(s => s.HintName == "Shop.Nodes.SaveNode.8f885c2f.Instrumentation.g.cs").SourceText.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("\"save.duration\"", before.Results.Single().GeneratedSources.Single(s => s.HintName == "Shop.Nodes.SaveNode.8f885c2f.Instrumentation.g.cs").SourceText.ToString(), StringComparison.Ordinal);
    }

    private static CSharpCompilation Replace(CSharpCompilation compilation, string path, string source)
    {
        var old = compilation.SyntaxTrees.Single(t => t.FilePath == path);
        return compilation.ReplaceSyntaxTree(old, CSharpSyntaxTree.ParseText(source, (CSharpParseOptions)old.Options, path));
    }
}
