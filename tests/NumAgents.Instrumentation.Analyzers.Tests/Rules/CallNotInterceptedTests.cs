using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Testing;
using NumAgents.Instrumentation.Analyzers.Rules;
using NumAgents.Instrumentation.Analyzers.Tests.Infrastructure;

namespace NumAgents.Instrumentation.Analyzers.Tests.Rules;

/// <summary>NAI0017: a call to an instrumented method that the generator leaves alone, at the call.</summary>
public sealed class CallNotInterceptedTests
{
    private const string Reason = "it is called on 'T', a type parameter that may be a struct: an interceptor takes the interface, so it would box the struct and the call would change a copy";

    private const string Source = """
        using NumAgents.Instrumentation;

        public interface ICounter
        {
            [Counted]
            void Bump();

            void Plain();
        }

        public struct Counter : ICounter
        {
            public int Count;

            [Traced]
            public void Bump() => Count++;

            public void Plain() { }
        }

        public static class Counting
        {
            public static void Any<T>(T[] items)
                where T : ICounter
            {
                {|#0:items[0].Bump()|};
                items[0].Plain();
            }

            public static void Structs<T>(ref T item)
                where T : struct, ICounter
                => {|#1:item.Bump()|};

            // Intercepted: a reference, the interface itself, the struct's own method.
            public static void Classes<T>(T item)
                where T : class, ICounter
                => item.Bump();

            public static void Interface(ICounter counter) => counter.Bump();

            public static void Struct(ref Counter counter) => counter.Bump();

            // An expression tree is data: never intercepted, nothing to say.
            public static System.Linq.Expressions.Expression<System.Action<T>> Tree<T>()
                where T : ICounter
                => t => t.Bump();
        }
        """;

    private static readonly CSharpParseOptions WithInterceptors = TestReferences.ParseOptions
        .WithFeatures([new("InterceptorsNamespaces", "NumAgents.Instrumentation.Generated")]);

    [Fact]
    public async Task Interface_calls_on_type_parameters_that_may_be_structs_are_reported_at_the_call()
    {
        await Verify<CallNotInterceptedAnalyzer>.AnalyzerAsync(
            Source,
            new Verify<CallNotInterceptedAnalyzer>.Options { ParseOptions = WithInterceptors },
            new DiagnosticResult(CallNotInterceptedAnalyzer.Rule).WithLocation(0).WithArguments("ICounter.Bump", Reason),
            new DiagnosticResult(CallNotInterceptedAnalyzer.Rule).WithLocation(1).WithArguments("ICounter.Bump", Reason));
    }

    [Fact]
    public async Task Without_interceptors_no_call_is_instrumented_and_the_rule_stays_silent()
    {
        // NAI0015 says once, on the method, that the project intercepts nothing.
        var source = Source.Replace("{|#0:", string.Empty, StringComparison.Ordinal).Replace("{|#1:", string.Empty, StringComparison.Ordinal).Replace("|}", string.Empty, StringComparison.Ordinal);
        await Verify<CallNotInterceptedAnalyzer>.AnalyzerAsync(source, new Verify<CallNotInterceptedAnalyzer>.Options { ParseOptions = TestReferences.ParseOptions });
    }
}
