using Microsoft.CodeAnalysis.Testing;
using NumAgents.Instrumentation.Analyzers.CodeFixes.Rules;
using NumAgents.Instrumentation.Analyzers.Rules;
using NumAgents.Instrumentation.Analyzers.Tests.Infrastructure;

namespace NumAgents.Instrumentation.Analyzers.Tests.Rules;

/// <summary>NAI0007-NAI0010: instrumentation attributes the generator cannot honour.</summary>
public sealed class InstrumentationAttributeTests
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
    public async Task Methods_whose_calls_are_never_intercepted_are_reported_with_the_reason()
    {
        const string source = """
            using System;
            using NumAgents.Core;
            using NumAgents.Instrumentation;

            public interface IWorker { void Work(); }

            public partial class Worker : IWorker
            {
                public int Count { [{|#0:Counted|}] get; set; }

                [{|#1:Traced|}]
                public static Worker operator +(Worker left, Worker right) => left;

                [{|#2:Timed|}]
                ~Worker() { }

                [{|#3:Traced|}]
                void IWorker.Work() { }

                [Traced, Timed, Counted]
                public void Run()
                {
                    [{|#4:Traced|}] void Local() { }
                    Local();
                    Action action = [{|#5:Timed|}] () => { };
                    action();
                }

                [Traced]
                public virtual void Virtual() { }

                [Counted]
                public override string ToString() => "worker";
            }

            public partial class StepNode : Node
            {
                [{|#6:Traced|}]
                protected override NodeResult Exec(SharedStore shared) => new();
            }
            """;

        await Verify<InstrumentationAttributeAnalyzer>.AnalyzerAsync(
            source,
            Never(0, "Counted", "Worker.get_Count", "it is an accessor, reached through property or event syntax rather than a call"),
            Never(1, "Traced", "Worker.op_Addition", "it is an operator, reached through operator syntax rather than a call"),
            Never(2, "Timed", "Worker.Finalize", "it is a finalizer, called only by the garbage collector"),
            Never(3, "Traced", "Worker.IWorker.Work", "it is an explicit interface implementation; calls go through 'IWorker.Work', so put the attribute there"),
            Never(4, "Traced", "Local", "it is a local function, which generated code outside its method cannot call"),
            Never(5, "Timed", "lambda in Worker.Run", "it is a lambda, called only through a delegate"),
            Never(6, "Traced", "StepNode.Exec", "it overrides 'Node.Exec', which only code compiled in 'NumAgents.Instrumentation' calls; put the attribute on the node class instead"));
    }

    [Fact]
    public async Task The_entry_point_is_never_intercepted()
    {
        const string source = """
            using NumAgents.Instrumentation;

            public static class Program
            {
                [{|#0:Traced|}]
                public static void Main() { }
            }
            """;

        var test = new Verify<InstrumentationAttributeAnalyzer>.Options { OutputKind = Microsoft.CodeAnalysis.OutputKind.ConsoleApplication };
        await Verify<InstrumentationAttributeAnalyzer>.AnalyzerAsync(
            source,
            test,
            Never(0, "Traced", "Program.Main", "it is the program's entry point, called by the runtime"));
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

    [Fact]
    public async Task Methods_the_generated_interceptor_cannot_call_or_name_are_reported_with_the_generators_reason()
    {
        const string source = """
            using System.Diagnostics.CodeAnalysis;
            using NumAgents.Instrumentation;

            public class Service
            {
                private int _value;

                [{|#0:Traced|}] private void Hidden() { }
                [{|#1:Counted|}] protected void ForDerived() { }
                [{|#2:Timed|}] private protected void ForDerivedHere() { }
                [{|#3:Traced|}] public ref int Value() => ref _value;
                [{|#4:Traced|}] public void Variadic(__arglist) { }
                [{|#5:Traced|}] public static unsafe void Copy(byte* source) { }
                private sealed class Nested
                {
                    public sealed class Secret
                    {
                        [{|#6:Counted|}] public void Deep() { }
                    }

                    [{|#7:Traced|}] public void Work() { }
                }

                public void Run() { Hidden(); ForDerived(); ForDerivedHere(); }
            }

            public class Generic<T>
            {
                [{|#8:Traced|}] public void Shadow<T>(T value) { }
            }

            public interface IFactory<TSelf> where TSelf : IFactory<TSelf>
            {
                [{|#9:Traced|}] static abstract TSelf Create();
            }

            public struct Buffer
            {
                [{|#10:Traced|}] public static void Fill([UnscopedRef] out int value) { value = 0; }
            }

            file sealed class LocalService
            {
                [{|#11:Counted|}] public void Work() { }
            }

            public class Fine
            {
                [Traced] public void Public() { }
                [Traced] internal void Internal() { }
                [Traced] protected internal void ProtectedInternal() { }
                [Traced] public T Generic<T>(T value) => value;
                [Traced] public void ByRef(ref int a, out int b, in int c) { b = a + c; }
            }
            """;

        await Verify<InstrumentationAttributeAnalyzer>.AnalyzerAsync(
            source,
            Never(0, "Traced", "Service.Hidden", "it is private, so the generated interceptor, outside its type, cannot call it"),
            Never(1, "Counted", "Service.ForDerived", "it is protected, so the generated interceptor, outside its type, cannot call it"),
            Never(2, "Timed", "Service.ForDerivedHere", "it is private protected, so the generated interceptor, outside its type, cannot call it"),
            Never(3, "Traced", "Service.Value", "it returns by reference, which the generated wrapper cannot pass on"),
            Never(4, "Traced", "Service.Variadic", "it takes __arglist, which an interceptor cannot pass on"),
            Never(5, "Traced", "Service.Copy", "its parameter 'source' has a type the generated interceptor cannot name: 'byte*' is a pointer type, and generated code is not unsafe"),
            Never(6, "Counted", "Secret.Deep", "the generated interceptor cannot name its type: 'Nested' is private"),
            Never(7, "Traced", "Nested.Work", "the generated interceptor cannot name its type: 'Nested' is private"),
            Never(8, "Traced", "Generic.Shadow", "its type parameter 'T' reuses the name of a type parameter of its containing type"),
            Never(9, "Traced", "IFactory.Create", "it is a static abstract or virtual interface member, called only through a type parameter"),
            Never(10, "Traced", "Buffer.Fill", "its parameter 'value' has [UnscopedRef], which an interceptor cannot repeat"),
            Never(11, "Counted", "LocalService.Work", "the generated interceptor cannot name its type: 'LocalService' is file-local"));
    }

    private static DiagnosticResult Wrapped(int location, string type, string attribute, string reason)
        => new DiagnosticResult(InstrumentationAttributeAnalyzer.WrappedMemberRule).WithLocation(location).WithArguments(type, attribute, reason);

    private static DiagnosticResult Never(int location, string attribute, string method, string reason)
        => new DiagnosticResult(InstrumentationAttributeAnalyzer.NeverInterceptedRule).WithLocation(location).WithArguments(attribute, method, reason);
}
