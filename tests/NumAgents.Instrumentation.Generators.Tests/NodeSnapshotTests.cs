using NumAgents.Instrumentation.Generators.Tests.Infrastructure;

namespace NumAgents.Instrumentation.Generators.Tests;

/// <summary>The generated override of every node shape, compared with its checked-in baseline.</summary>
public sealed class NodeSnapshotTests
{
    [Fact]
    public void Sync_node_with_all_three_attributes()
    {
        AssertSnapshots("""
            using NumAgents.Core;
            using NumAgents.Instrumentation;

            namespace Shop.Nodes;

            [Traced, Timed, Counted]
            public partial class DataProcessingNode : Node
            {
                protected override NodeResult Exec(SharedStore shared) => new() { ["result"] = 42 };
            }
            """,
            "Shop.Nodes.DataProcessingNode.71e926a1.Instrumentation.g.cs");
    }

    [Fact]
    public void Async_node_is_timed_to_completion()
    {
        AssertSnapshots("""
            using System.Threading;
            using System.Threading.Tasks;
            using NumAgents.Core;
            using NumAgents.Instrumentation;

            namespace Shop.Nodes;

            [Traced, Timed, Counted]
            internal partial class FetchNode : AsyncNode
            {
                protected override async Task<NodeResult> ExecAsync(SharedStore shared, CancellationToken cancellationToken)
                {
                    await Task.Yield();
                    return new() { ["fetched"] = true };
                }
            }
            """,
            "Shop.Nodes.FetchNode.c2d47ef2.Instrumentation.g.cs");
    }

    [Fact]
    public void Nested_generic_node_in_block_namespaces()
    {
        AssertSnapshots("""
            using NumAgents.Core;
            using NumAgents.Instrumentation;

            namespace Shop
            {
                namespace Pipelines
                {
                    public static partial class Stages
                    {
                        internal partial struct Holder<TKey>
                        {
                            [Traced]
                            public sealed partial class Transform<TValue> : Node where TValue : class
                            {
                                protected override NodeResult Exec(SharedStore shared) => new();
                            }
                        }
                    }
                }
            }
            """,
            "Shop.Pipelines.Stages.Holder_1.Transform_1.c5f94e9f.Instrumentation.g.cs");
    }

    [Fact]
    public void Node_in_the_global_namespace()
    {
        AssertSnapshots("""
            using NumAgents.Core;
            using NumAgents.Instrumentation;

            [Counted]
            partial class GlobalNode : Node
            {
                protected override NodeResult Exec(SharedStore shared) => new();
            }
            """,
            "GlobalNode.c95332ac.Instrumentation.g.cs");
    }

    [Fact]
    public void Sealed_node_with_names_options_and_label_properties()
    {
        AssertSnapshots("""
            using NumAgents.Core;
            using NumAgents.Instrumentation;

            namespace Shop.Nodes;

            [Traced("llm.call", Description = "One model call", ExtraLabels = ["team=search", "tier=gold"])]
            [Timed("llm.latency", Description = "Model latency, ms", ExtraLabels = ["team=search"], Buckets = [10, 50, 250.5, 1000], RecordOutcome = true)]
            [Counted("llm.calls", Description = "Model calls", ExtraLabels = ["team=search"], RecordFailuresOnly = true)]
            public sealed partial class LlmNode : Node
            {
                [Label]
                public string ModelName { get; init; } = "small";

                [Label("temperature_bucket")]
                public int Temperature { get; set; }

                [Label]
                public static bool Cached { get; set; }

                protected override NodeResult Exec(SharedStore shared) => new();
            }
            """,
            "Shop.Nodes.LlmNode.cf8219d5.Instrumentation.g.cs");
    }

    [Fact]
    public void Derived_nodes_record_each_execution_once()
    {
        AssertSnapshots("""
            using NumAgents.Core;
            using NumAgents.Instrumentation;

            namespace Shop.Nodes;

            public abstract class ToolNode : Node
            {
                [Label]
                protected string Tool { get; } = "generic";
            }

            [Traced, Counted]
            public partial class SearchNode : ToolNode
            {
                protected override NodeResult Exec(SharedStore shared) => new();
            }

            [Traced("search.web"), Timed]
            public partial class WebSearchNode : SearchNode
            {
            }
            """,
            "Shop.Nodes.SearchNode.f9520f46.Instrumentation.g.cs",
            "Shop.Nodes.WebSearchNode.3329dcb4.Instrumentation.g.cs");
    }

    private static void AssertSnapshots(string source, params string[] expectedHints)
    {
        var run = GeneratorHarness.Run(source);
        Assert.Null(run.GeneratorException);
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Equal(expectedHints.Order(StringComparer.Ordinal), run.HintNames);
        foreach (var hint in expectedHints)
        {
            Snapshot.Match(hint, run.Source(hint));
        }

        // The generated code compiles warning-free with the source it extends.
        Assert.Empty(run.CompilationProblems());
    }
}
