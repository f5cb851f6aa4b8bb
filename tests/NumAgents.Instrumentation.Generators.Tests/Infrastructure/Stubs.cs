using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace NumAgents.Instrumentation.Generators.Tests.Infrastructure;

/// <summary>
/// The flow core as pinned in CONTEXT.md, for as long as the runtime under test does not have it yet;
/// once it does, the real types are used and nothing is added.
/// </summary>
internal static class Stubs
{
    private const string FlowCore = """
        #nullable enable
        namespace NumAgents.Core
        {
            public sealed class SharedStore
            {
            }

            public class NodeResult : global::System.Collections.Generic.Dictionary<string, object?>
            {
            }

            public abstract class Node
            {
                protected Node(string? name = null) => Name = name ?? GetType().Name;

                public string Name { get; }

                protected abstract NodeResult Exec(SharedStore shared);

                public NodeResult Run(SharedStore shared) => InvokeNode(shared);

                public global::System.Threading.Tasks.Task<NodeResult> RunAsync(SharedStore shared, global::System.Threading.CancellationToken cancellationToken = default)
                    => InvokeNodeAsync(shared, cancellationToken);

                protected virtual NodeResult InvokeNode(SharedStore shared) => Exec(shared);

                protected virtual global::System.Threading.Tasks.Task<NodeResult> InvokeNodeAsync(SharedStore shared, global::System.Threading.CancellationToken cancellationToken)
                    => global::System.Threading.Tasks.Task.FromResult(InvokeNode(shared));
            }

            public abstract class AsyncNode : Node
            {
                protected AsyncNode(string? name = null) : base(name)
                {
                }

                protected abstract global::System.Threading.Tasks.Task<NodeResult> ExecAsync(SharedStore shared, global::System.Threading.CancellationToken cancellationToken);

                protected sealed override NodeResult Exec(SharedStore shared) => ExecAsync(shared, default).GetAwaiter().GetResult();

                protected sealed override NodeResult InvokeNode(SharedStore shared) => InvokeNodeAsync(shared, default).GetAwaiter().GetResult();

                protected override global::System.Threading.Tasks.Task<NodeResult> InvokeNodeAsync(SharedStore shared, global::System.Threading.CancellationToken cancellationToken)
                    => ExecAsync(shared, cancellationToken);
            }
        }
        """;

    public static bool RuntimeHasFlowCore { get; } = typeof(AgentMonitor).Assembly.GetType("NumAgents.Core.Node") is not null;

    public static IEnumerable<SyntaxTree> Trees(CSharpParseOptions options)
        => RuntimeHasFlowCore ? [] : [CSharpSyntaxTree.ParseText(FlowCore, options, "FlowCoreStubs.cs")];
}
