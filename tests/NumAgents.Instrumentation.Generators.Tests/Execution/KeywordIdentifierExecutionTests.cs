using NumAgents.Instrumentation.Generators.Tests.Infrastructure;

namespace NumAgents.Instrumentation.Generators.Tests.Execution;

/// <summary>
/// Issue 13, item 2: a node class, its containing type, its namespace, its label property and methods, types,
/// parameters and a type parameter written with <c>@</c> compile, run as they do without the generator, and record
/// under their plain names (<c>node.event</c>, <c>class="operator"</c>).
/// </summary>
public sealed class KeywordIdentifierExecutionTests
{
    private const string Program = "Shop.namespace.Program";

    [Fact]
    public void Keyword_names_compile_run_unchanged_and_record_under_their_plain_names()
    {
        var (monitor, _) = TestMonitor.Create();
        string instrumented;
        using (var compiled = CompiledAssembly.Compile(Sources.Keywords))
        using (AgentMonitor.Use(monitor))
        {
            Assert.Contains("Shop._namespace.static.event.bdf9c9c8.Instrumentation.g.cs", compiled.Run.HintNames);
            instrumented = compiled.Method<Func<string>>(Program, "Run")();
        }

        using (var plain = CompiledAssembly.CompileWithoutInterceptors(Sources.Keywords))
        {
            Assert.Equal(plain.Method<Func<string>>(Program, "Run")(), instrumented);
        }

        Assert.Equal("vip|7|7|hi!", instrumented);
        var m = monitor.Metrics;
        Assert.Equal(1, m.GetCounterValue("nodes.executed", [("node", "event"), ("class", "vip"), ("outcome", "success")]));
        Assert.Equal(1, m.GetHistogramStats("node.duration", [("node", "event"), ("class", "vip")]).Count);
        Assert.Equal(1, m.GetCounterValue("method.invocations", [("class", "operator"), ("method", "return"), ("default", "abc"), ("outcome", "success")]));
        Assert.Equal(1, m.GetHistogramStats("method.duration", [("class", "operator"), ("method", "as")]).Count);

        var spans = monitor.Tracer.GetAllSpans();
        Assert.Equal(["node.event", "operator.return", "operator.await"], spans.Select(s => s.Name));
        Assert.Equal("event", spans[0].Attributes["node"]);
        Assert.Equal("vip", spans[0].Attributes["class"]);
        Assert.Equal("return", spans[1].Attributes["method"]);
    }

    [Fact]
    public void Every_identifier_is_escaped_where_CSharp_reads_a_keyword()
    {
        var run = GeneratorHarness.Run(Sources.Keywords);
        var node = run.Source("Shop._namespace.static.event.bdf9c9c8.Instrumentation.g.cs");
        Assert.Contains("namespace Shop.@namespace;", node, StringComparison.Ordinal);
        Assert.Contains("partial class @static", node, StringComparison.Ordinal);
        Assert.Contains("partial class @event", node, StringComparison.Ordinal);
        Assert.Contains("LabelValue.Of(this.@class)", node, StringComparison.Ordinal);
        Assert.Contains("base.InvokeNode(shared)", node, StringComparison.Ordinal);

        var @return = run.Sources.Single(s => s.HintName.StartsWith("Shop._namespace._operator.return.", StringComparison.Ordinal)).SourceText.ToString();
        Assert.Contains("public static int @return(this global::Shop.@namespace.@operator __receiver, string @default, int @int)", @return, StringComparison.Ordinal);
        Assert.Contains("MethodName = \"return\"", @return, StringComparison.Ordinal);
        Assert.Contains("SpanName = \"operator.return\"", @return, StringComparison.Ordinal);

        var @as = run.Sources.Single(s => s.HintName.StartsWith("Shop._namespace._operator.as.", StringComparison.Ordinal)).SourceText.ToString();
        Assert.Contains("public static @struct @as<@struct>(@struct @in)", @as, StringComparison.Ordinal);
        Assert.Contains("global::Shop.@namespace.@operator.@as<@struct>(@in)", @as, StringComparison.Ordinal);
        Assert.Empty(run.CompilationProblems());
    }
}
