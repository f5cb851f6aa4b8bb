using Microsoft.CodeAnalysis.Testing;
using NumAgents.Instrumentation.Analyzers.CodeFixes.Rules;
using NumAgents.Instrumentation.Analyzers.Rules;
using NumAgents.Instrumentation.Analyzers.Tests.Infrastructure;

namespace NumAgents.Instrumentation.Analyzers.Tests.Rules;

/// <summary>NAI0007-NAI0009: class-level instrumentation attributes on node classes the generator cannot extend.</summary>
public sealed class NodeClassRuleTests
{
    [Fact]
    public async Task Non_partial_node_classes_and_containing_types_are_errors_naming_what_to_make_partial()
    {
        const string source = """
            using NumAgents.Core;
            using NumAgents.Instrumentation;

            [Traced]
            public class {|#0:LoadNode|} : Node
            {
                protected override NodeResult Exec(SharedStore shared) => new();
            }

            public class Pipeline
            {
                [Timed, Counted]
                public partial class {|#1:StepNode|} : Node
                {
                    protected override NodeResult Exec(SharedStore shared) => new();
                }
            }

            public partial class Fine
            {
                [Traced]
                private sealed partial class FineNode : Node
                {
                    protected override NodeResult Exec(SharedStore shared) => new();
                }
            }

            public class Plain : Node
            {
                protected override NodeResult Exec(SharedStore shared) => new();
            }
            """;

        await Verify<InstrumentationAttributeAnalyzer>.AnalyzerAsync(
            source,
            new DiagnosticResult(InstrumentationAttributeAnalyzer.MustBePartialRule).WithLocation(0).WithArguments("LoadNode", "Traced", "'LoadNode'"),
            new DiagnosticResult(InstrumentationAttributeAnalyzer.MustBePartialRule).WithLocation(1).WithArguments("Pipeline.StepNode", "Timed", "'Pipeline'"));
    }

    [Fact]
    public async Task Fix_makes_the_node_class_and_its_containing_types_partial()
    {
        const string source = """
            using NumAgents.Core;
            using NumAgents.Instrumentation;

            [Traced]
            public sealed class {|#0:LoadNode|} : Node
            {
                protected override NodeResult Exec(SharedStore shared) => new();
            }

            internal static class Pipelines
            {
                [Timed]
                public class {|#1:StepNode|} : Node
                {
                    protected override NodeResult Exec(SharedStore shared) => new();
                }

                [Counted]
                class {|#2:OtherNode|} : Node
                {
                    protected override NodeResult Exec(SharedStore shared) => new();
                }
            }
            """;

        const string fixedSource = """
            using NumAgents.Core;
            using NumAgents.Instrumentation;

            [Traced]
            public sealed partial class LoadNode : Node
            {
                protected override NodeResult Exec(SharedStore shared) => new();
            }

            internal static partial class Pipelines
            {
                [Timed]
                public partial class StepNode : Node
                {
                    protected override NodeResult Exec(SharedStore shared) => new();
                }

                [Counted]
                partial class OtherNode : Node
                {
                    protected override NodeResult Exec(SharedStore shared) => new();
                }
            }
            """;

        await Verify<InstrumentationAttributeAnalyzer>.FixAsync<MakePartialFixer>(
            source,
            fixedSource,
            new DiagnosticResult(InstrumentationAttributeAnalyzer.MustBePartialRule).WithLocation(0).WithArguments("LoadNode", "Traced", "'LoadNode'"),
            new DiagnosticResult(InstrumentationAttributeAnalyzer.MustBePartialRule).WithLocation(1).WithArguments("Pipelines.StepNode", "Timed", "'Pipelines' and 'StepNode'"),
            new DiagnosticResult(InstrumentationAttributeAnalyzer.MustBePartialRule).WithLocation(2).WithArguments("Pipelines.OtherNode", "Counted", "'Pipelines' and 'OtherNode'"));
    }

    [Fact]
    public async Task Class_level_attributes_on_types_that_are_not_nodes_are_errors()
    {
        const string source = """
            using NumAgents.Instrumentation;

            [{|#0:Traced|}, {|#1:Timed("svc.duration")|}]
            public partial class OrderService
            {
                [Traced, Counted]
                public void Place() { }
            }
            """;

        await Verify<InstrumentationAttributeAnalyzer>.AnalyzerAsync(
            source,
            new DiagnosticResult(InstrumentationAttributeAnalyzer.RequiresNodeRule).WithLocation(0).WithArguments("Traced", "OrderService"),
            new DiagnosticResult(InstrumentationAttributeAnalyzer.RequiresNodeRule).WithLocation(1).WithArguments("Timed", "OrderService"));
    }

    [Fact]
    public async Task A_wrapped_member_overridden_by_the_user_or_sealed_in_a_base_is_an_error()
    {
        const string source = """
            using System.Threading;
            using System.Threading.Tasks;
            using NumAgents.Core;
            using NumAgents.Instrumentation;

            [{|#0:Traced|}]
            public partial class CustomNode : Node
            {
                protected override NodeResult Exec(SharedStore shared) => new();
                protected override NodeResult {|#1:InvokeNode|}(SharedStore shared) => base.InvokeNode(shared);
            }

            public abstract class LockedBase : Node
            {
                protected sealed override NodeResult InvokeNode(SharedStore shared) => base.InvokeNode(shared);
            }

            [{|#2:Counted|}]
            public partial class LockedNode : LockedBase
            {
                protected override NodeResult Exec(SharedStore shared) => new();
            }

            [{|#3:Timed|}]
            public partial class CustomAsyncNode : AsyncNode
            {
                protected override Task<NodeResult> ExecAsync(SharedStore shared, CancellationToken cancellationToken) => Task.FromResult(new NodeResult());
                protected override Task<NodeResult> {|#4:InvokeNodeAsync|}(SharedStore shared, CancellationToken cancellationToken) => base.InvokeNodeAsync(shared, cancellationToken);
            }

            // AsyncNode seals InvokeNode, but an async node is wrapped through InvokeNodeAsync: fine.
            [Traced]
            public partial class GoodAsyncNode : AsyncNode
            {
                protected override Task<NodeResult> ExecAsync(SharedStore shared, CancellationToken cancellationToken) => Task.FromResult(new NodeResult());
            }

            // The generator's own override (marked generated) is expected.
            [Traced]
            public partial class GeneratedNode : Node
            {
                protected override NodeResult Exec(SharedStore shared) => new();

                [System.CodeDom.Compiler.GeneratedCode("NumAgents.Instrumentation.Generators", "1.0")]
                protected override NodeResult InvokeNode(SharedStore shared) => base.InvokeNode(shared);
            }
            """;

        await Verify<InstrumentationAttributeAnalyzer>.AnalyzerAsync(
            source,
            new DiagnosticResult(InstrumentationAttributeAnalyzer.WrappedMemberRule).WithLocation(0).WithLocation(1)
                .WithArguments("CustomNode", "Traced", "it already overrides InvokeNode, which the generated code must override; move that logic into Exec or hooks"),
            new DiagnosticResult(InstrumentationAttributeAnalyzer.WrappedMemberRule).WithLocation(2)
                .WithArguments("LockedNode", "Counted", "InvokeNode is sealed in base class 'LockedBase', so the generated code cannot override it"),
            new DiagnosticResult(InstrumentationAttributeAnalyzer.WrappedMemberRule).WithLocation(3).WithLocation(4)
                .WithArguments("CustomAsyncNode", "Timed", "it already overrides InvokeNodeAsync, which the generated code must override; move that logic into Exec or hooks"));
    }

    [Fact]
    public async Task Node_classes_the_generated_part_cannot_extend_are_reported_with_the_generators_reason()
    {
        var sources = new[]
        {
            ("/0/Nodes.cs", """
            using System.Threading;
            using System.Threading.Tasks;
            using NumAgents.Core;
            using NumAgents.Instrumentation;

            [{|#0:Traced|}]
            file partial class LocalNode : Node
            {
                protected override NodeResult Exec(SharedStore shared) => new();
            }

            file partial class LocalOuter
            {
                [{|#1:Counted|}]
                public partial class InnerNode : Node
                {
                    protected override NodeResult Exec(SharedStore shared) => new();
                }
            }

            [{|#2:Timed|}]
            public partial class OverloadNode : Node
            {
                protected override NodeResult Exec(SharedStore shared) => new();
                public void InvokeNode() { }
            }

            [{|#3:Traced|}]
            public partial class CoreNode : Node
            {
                protected override NodeResult Exec(SharedStore shared) => new();
                protected NodeResult InvokeNodeUninstrumented(SharedStore shared) => new();
            }

            [{|#4:Traced|}]
            public partial class PrefixNode : Node
            {
                private int __numAgentsCount;
                protected override NodeResult Exec(SharedStore shared) => new() { ["n"] = __numAgentsCount };
            }

            public abstract class HidingBase : Node
            {
                protected new NodeResult InvokeNode(SharedStore shared) => new();
            }

            [{|#5:Counted|}]
            public partial class HiddenNode : HidingBase
            {
                protected override NodeResult Exec(SharedStore shared) => new();
            }

            [{|#6:Timed|}]
            public partial class AsyncCoreNode : AsyncNode
            {
                protected override Task<NodeResult> ExecAsync(SharedStore shared, CancellationToken cancellationToken) => Task.FromResult(new NodeResult());
                private void InvokeNodeAsyncUninstrumented() { }
            }

            // The generator's own members (in a generated file) are expected.
            [Traced]
            public partial class GeneratedNode : Node
            {
                protected override NodeResult Exec(SharedStore shared) => new();
            }
            """),
            ("/0/GeneratedNode.Instrumentation.g.cs", """
            // <auto-generated/>
            public partial class GeneratedNode
            {
                private object? __numAgentsBinding;
                protected NumAgents.Core.NodeResult InvokeNodeUninstrumented(NumAgents.Core.SharedStore shared) => base.InvokeNode(shared) ?? new() { ["b"] = __numAgentsBinding };
                protected override NumAgents.Core.NodeResult InvokeNode(NumAgents.Core.SharedStore shared) => base.InvokeNode(shared);
            }
            """),
        };

        await Verify<InstrumentationAttributeAnalyzer>.AnalyzerAsync(
            sources,
            new Verify<InstrumentationAttributeAnalyzer>.Options(),
            Wrapped(0, "LocalNode", "Traced", "it is file-local, so a generated declaration in another file could not be part of it"),
            Wrapped(1, "LocalOuter.InnerNode", "Counted", "its containing type 'LocalOuter' is file-local, so a generated declaration in another file could not be part of it"),
            Wrapped(2, "OverloadNode", "Timed", "it already declares InvokeNode, which the generated code must declare"),
            Wrapped(3, "CoreNode", "Traced", "it declares 'InvokeNodeUninstrumented', a name the generated code uses"),
            Wrapped(4, "PrefixNode", "Traced", "it declares '__numAgentsCount', a name the generated code uses"),
            Wrapped(5, "HiddenNode", "Counted", "base class 'HidingBase' hides InvokeNode with a member that is not virtual, so the generated code cannot override it"),
            Wrapped(6, "AsyncCoreNode", "Timed", "it declares 'InvokeNodeAsyncUninstrumented', a name the generated code uses"));
    }

    private static DiagnosticResult Wrapped(int location, string type, string attribute, string reason)
        => new DiagnosticResult(InstrumentationAttributeAnalyzer.WrappedMemberRule).WithLocation(location).WithArguments(type, attribute, reason);
}
