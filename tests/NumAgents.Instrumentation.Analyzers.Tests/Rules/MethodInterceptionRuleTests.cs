using Microsoft.CodeAnalysis.Testing;
using NumAgents.Instrumentation.Analyzers.Rules;
using NumAgents.Instrumentation.Analyzers.Tests.Infrastructure;

namespace NumAgents.Instrumentation.Analyzers.Tests.Rules;

/// <summary>NAI0010: instrumentation attributes on methods whose calls the generator never intercepts.</summary>
public sealed class MethodInterceptionRuleTests
{
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

    [Fact]
    public async Task Type_parameters_with_the_generated_prefix_are_reported()
    {
        const string source = """
            using NumAgents.Instrumentation;

            public static class Names
            {
                [{|#0:Traced|}] public static T Pass<__T, T>(T value) => value;

                [Traced] public static T Fine<T>(T __value) => __value;
            }
            """;

        await Verify<InstrumentationAttributeAnalyzer>.AnalyzerAsync(
            source,
            Never(0, "Traced", "Names.Pass", "its type parameter '__T' starts with '__', which the generated interceptor keeps for its own names"));
    }

    private static DiagnosticResult Never(int location, string attribute, string method, string reason)
        => new DiagnosticResult(InstrumentationAttributeAnalyzer.NeverInterceptedRule).WithLocation(location).WithArguments(attribute, method, reason);
}
