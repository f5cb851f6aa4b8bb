using Microsoft.Extensions.Time.Testing;
using NumAgents.Instrumentation.Generators.Tests.Infrastructure;

namespace NumAgents.Instrumentation.Generators.Tests.Execution;

/// <summary>
/// Calls to attributed methods compiled with their interceptors and run: they behave exactly as
/// without interceptors, and record what the attributes ask for.
/// </summary>
public sealed class MethodExecutionTests
{
    [Fact]
    public void Sync_methods_keep_their_results_and_record_calls_by_class_method_and_labels()
    {
        var (monitor, _) = NewMonitor();
        string instrumented;
        using (var compiled = CompiledAssembly.Compile(Sources.SyncMethods))
        using (AgentMonitor.Use(monitor))
        {
            instrumented = compiled.Method<Func<string>>("Shop.Services.Program", "Run")();
        }

        Assert.Equal(RunWithoutInterceptors(Sources.SyncMethods, "Shop.Services.Program"), instrumented);
        var m = monitor.Metrics;
        Assert.Equal(3, m.GetCounterValue("method.invocations", [("class", "Calculator"), ("method", "Add"), ("outcome", "success")]));
        Assert.Equal(3, m.GetHistogramStats("method.duration", [("class", "Calculator"), ("method", "Add")]).Count);
        Assert.Equal(1, m.GetCounterValue("calculator.resets", [("class", "Calculator"), ("method", "Reset"), ("team", "math"), ("outcome", "success")]));
        Assert.Equal(1, m.GetCounterValue("method.invocations", [("class", "Calculator"), ("method", "Scale"), ("unit", "cm"), ("precision", "2"), ("outcome", "success")]));
        Assert.Equal(1, m.GetCounterValue("method.invocations", [("class", "Calculator"), ("method", "Scale"), ("unit", "fail"), ("precision", "1"), ("outcome", "failure"), ("error_type", "InvalidOperationException")]));
        Assert.Equal(1, m.GetHistogramStats("method.duration", [("class", "Calculator"), ("method", "Scale"), ("unit", "cm"), ("precision", "2")]).Count);

        var spans = monitor.Tracer.GetAllSpans();
        Assert.Equal(["Calculator.Add", "Calculator.Add", "Calculator.Add", "Calculator.Join", "Calculator.Join"], spans.Select(s => s.Name));
        Assert.All(spans, s => Assert.Equal("Calculator", s.Attributes["class"]));
        Assert.Equal("Join", spans[^1].Attributes["method"]);
    }

    [Fact]
    public void A_failing_call_rethrows_the_same_exception_from_its_own_frame()
    {
        var (monitor, _) = NewMonitor();
        using var compiled = CompiledAssembly.Compile(("Thrower.cs", """
            using NumAgents.Instrumentation;

            namespace Shop.Text;

            public sealed class Thrower
            {
                public static System.Exception? Last { get; private set; }

                [Traced, Counted]
                public void Fail() => throw (Last = new System.FormatException("bad"));

                public static void Call() => new Thrower().Fail();
            }
            """));
        using (AgentMonitor.Use(monitor))
        {
            var thrown = Assert.Throws<FormatException>(compiled.Method<Action>("Shop.Text.Thrower", "Call"));
            Assert.Same(compiled.Type("Shop.Text.Thrower").GetProperty("Last")!.GetValue(null), thrown);
            Assert.StartsWith("   at Shop.Text.Thrower.Fail()", thrown.StackTrace, StringComparison.Ordinal);
        }

        var span = Assert.Single(monitor.Tracer.GetAllSpans());
        Assert.Equal(SpanStatus.Error, span.Status);
        Assert.Equal("FormatException", span.Attributes["error_type"]);
        Assert.Equal(1, monitor.Metrics.GetCounterValue("method.invocations", [("class", "Thrower"), ("method", "Fail"), ("outcome", "failure"), ("error_type", "FormatException")]));
    }

    [Fact]
    public async Task Async_methods_are_timed_to_completion_and_an_async_sequence_per_enumeration()
    {
        var (monitor, clock) = NewMonitor();
        string instrumented;
        using (var compiled = CompiledAssembly.Compile(Sources.AsyncMethods))
        {
            compiled.Type("Shop.Services.Fetcher").GetProperty("AfterFetch")!.SetValue(null, new Action(() => clock.Advance(TimeSpan.FromMilliseconds(40))));
            using (AgentMonitor.Use(monitor))
            {
                instrumented = await compiled.Method<Func<Task<string>>>("Shop.Services.Program", "RunAsync")();
                await Assert.ThrowsAsync<IOException>(compiled.Method<Func<Task<string>>>("Shop.Services.Program", "FailAsync"));
            }
        }

        Assert.Equal("page from docs|3|6", instrumented);
        var m = monitor.Metrics;
        Assert.Equal(1, m.GetCounterValue("method.invocations", [("class", "Fetcher"), ("method", "FetchAsync"), ("source", "docs"), ("outcome", "success")]));
        Assert.Equal(1, m.GetCounterValue("method.invocations", [("class", "Fetcher"), ("method", "FetchAsync"), ("source", "broken"), ("outcome", "failure"), ("error_type", "IOException")]));
        Assert.Equal(40, m.GetHistogramStats("method.duration", [("class", "Fetcher"), ("method", "FetchAsync"), ("source", "docs")]).Sum, 9);
        Assert.Equal(1, m.GetCounterValue("method.invocations", [("class", "Fetcher"), ("method", "PingAsync"), ("outcome", "success")]));
        Assert.Equal(1, m.GetHistogramStats("method.duration", [("class", "Fetcher"), ("method", "CountAsync")]).Count);
        Assert.Equal(1, m.GetHistogramStats("method.duration", [("class", "Fetcher"), ("method", "WarmUpAsync")]).Count);

        // One execution per enumeration, however many items it yields.
        Assert.Equal(1, m.GetCounterValue("method.invocations", [("class", "Fetcher"), ("method", "StreamAsync"), ("outcome", "success")]));

        var spans = monitor.Tracer.GetAllSpans().GroupBy(s => s.Name).ToDictionary(g => g.Key, g => g.ToList());
        Assert.Equal(40, spans["Fetcher.FetchAsync"][0].DurationMs);
        Assert.Equal("docs", spans["Fetcher.FetchAsync"][0].Attributes["source"]);
        Assert.Equal(SpanStatus.Error, spans["Fetcher.FetchAsync"][1].Status);
        Assert.Equal(SpanStatus.Ok, Assert.Single(spans["Fetcher.StreamAsync"]).Status);
        Assert.Single(spans["Fetcher.WarmUpAsync"]);
    }

    [Theory]
    [InlineData("generic", "Shop.Data.Program")]
    [InlineData("extension", "Shop.Text.Program")]
    [InlineData("by-reference", "Shop.Math.Program")]
    [InlineData("not-intercepted", "Shop.Edge.Program")]
    public void Every_shape_returns_what_it_returns_without_interceptors(string shape, string program)
    {
        var source = SourceOf(shape);
        var (monitor, _) = NewMonitor();
        string instrumented;
        using (var compiled = CompiledAssembly.Compile(source))
        using (AgentMonitor.Use(monitor))
        {
            instrumented = compiled.Method<Func<string>>(program, "Run")();
        }

        Assert.Equal(RunWithoutInterceptors(source, program), instrumented);
        Assert.True(monitor.Metrics.GetAllMetrics().Count + monitor.Tracer.GetAllSpans().Count > 0, $"{shape}: nothing was recorded");
    }

    [Fact]
    public void Generic_extension_interface_and_by_reference_calls_are_recorded()
    {
        var (monitor, _) = NewMonitor();
        foreach (var (shape, program) in new[] { ("generic", "Shop.Data.Program"), ("extension", "Shop.Text.Program"), ("by-reference", "Shop.Math.Program"), ("not-intercepted", "Shop.Edge.Program") })
        {
            using var compiled = CompiledAssembly.Compile(SourceOf(shape));
            using (AgentMonitor.Use(monitor))
            {
                compiled.Method<Func<string>>(program, "Run")();
            }
        }

        var m = monitor.Metrics;
        var spans = monitor.Tracer.GetAllSpans().Select(s => s.Name).ToList();

        // Generic methods and methods of generic types: three Find calls, including from a generic caller.
        Assert.Equal(3, spans.Count(n => n == "Repository.Find"));
        Assert.Equal(1, m.GetCounterValue("method.invocations", [("class", "Repository"), ("method", "Save"), ("outcome", "success")]));
        Assert.Equal(1, m.GetCounterValue("method.invocations", [("class", "Nested"), ("method", "Pair"), ("outcome", "success")]));
        Assert.Equal(1, m.GetHistogramStats("method.duration", [("class", "Converter"), ("method", "Convert")]).Count);

        // Interface calls (named arguments too), and extension methods called both ways.
        Assert.Equal(1, m.GetCounterValue("method.invocations", [("class", "IRetriever"), ("method", "Retrieve"), ("index", "docs"), ("outcome", "success")]));
        Assert.Equal(1, m.GetCounterValue("method.invocations", [("class", "IRetriever"), ("method", "Retrieve"), ("index", "faq"), ("outcome", "success")]));
        Assert.Equal(2, m.GetHistogramStats("method.duration", [("class", "TextExtensions"), ("method", "Slugify")]).Count);

        // ref/out/in parameters and struct receivers.
        Assert.Equal(2, m.GetCounterValue("method.invocations", [("class", "Parsing"), ("method", "TryParse"), ("outcome", "success")]));
        Assert.Equal(1, m.GetCounterValue("method.invocations", [("class", "Accumulator"), ("method", "Add"), ("outcome", "success")]));
        Assert.Single(spans, n => n == "Range.Length");

        // Only direct calls are intercepted: the direct one and the virtual one through the base type
        // (recorded with the base method's attribute); base calls, method groups, expression trees not.
        Assert.Equal(2, spans.Count(n => n == "Tool.Run"));
        Assert.DoesNotContain(m.GetMetric("method.invocations"), s => s.Labels["class"] == "FancyTool");
    }

    [Fact]
    public void Calls_to_an_attributed_method_of_a_referenced_library_are_intercepted_in_the_caller()
    {
        const string library = """
            using NumAgents.Instrumentation;

            namespace Lib;

            public static class Search
            {
                [Traced, Counted]
                public static int Count([Label] string index) => index.Length;
            }
            """;
        const string application = """
            namespace App;

            public static class Program
            {
                public static int Run() => Lib.Search.Count("docs") + Lib.Search.Count("faq");
            }
            """;
        var (monitor, _) = NewMonitor();
        using var compiled = CompiledAssembly.CompileWithLibrary(library, application);
        Assert.Single(compiled.Run.Sources);
        using (AgentMonitor.Use(monitor))
        {
            Assert.Equal(7, compiled.Method<Func<int>>("App.Program", "Run")());
        }

        Assert.Equal(1, monitor.Metrics.GetCounterValue("method.invocations", [("class", "Search"), ("method", "Count"), ("index", "docs"), ("outcome", "success")]));
        Assert.Equal(["Search.Count", "Search.Count"], monitor.Tracer.GetAllSpans().Select(s => s.Name));
    }

    [Fact]
    public void A_bound_call_allocates_nothing_and_a_disabled_monitor_is_called_straight_through()
    {
        using var compiled = CompiledAssembly.Compile("""
            using NumAgents.Instrumentation;

            namespace Hot;

            public static class Math
            {
                [Timed, Counted]
                public static int Add(int a, int b) => a + b;

                public static int AddOne(int value) => Add(value, 1);
            }
            """);
        var addOne = compiled.Method<Func<int, int>>("Hot.Math", "AddOne");
        // A fake clock that never moves: every duration is 0, so the histogram's storage stays put and
        // whatever is allocated would be the instrumentation's.
        var monitor = new AgentMonitor(new MonitorOptions { EnableTracing = false, TimeProvider = new FakeTimeProvider() });
        var disabled = new AgentMonitor(new MonitorOptions { EnableTracing = false, EnableMetrics = false });
        int calls;
        using (AgentMonitor.Use(monitor))
        {
            (var bytes, calls) = AllocatedByCalls(addOne);
            Assert.Equal(0, bytes);
        }

        using (AgentMonitor.Use(disabled))
        {
            Assert.Equal(0, AllocatedByCalls(addOne).Bytes);
        }

        Assert.Equal(calls, monitor.Metrics.GetCounterValue("method.invocations", [("class", "Math"), ("method", "Add"), ("outcome", "success")]));
        Assert.Empty(disabled.Metrics.GetAllMetrics());
    }

    /// <summary>
    /// Bytes allocated by 1,000 calls after a warm-up: the fewest of up to three measurements, because a
    /// collection another test's thread triggers can make one read high although nothing was allocated.
    /// </summary>
    /// <returns>The bytes, and how many calls were made in all (warm-up included).</returns>
    private static (long Bytes, int Calls) AllocatedByCalls(Func<int, int> addOne)
    {
        var total = 0;
        for (var i = 0; i < 2000; i++) total = addOne(total);
        var fewest = long.MaxValue;
        var runs = 0;
        for (; runs < 3 && fewest > 0; runs++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < 1000; i++) total = addOne(total);
            fewest = Math.Min(fewest, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        Assert.Equal(2000 + (1000 * runs), total);
        return (fewest, total);
    }

    private static string SourceOf(string shape) => shape switch
    {
        "generic" => Sources.GenericMethods,
        "extension" => Sources.ExtensionAndInterfaceMethods,
        "by-reference" => Sources.ByReference,
        _ => Sources.NotIntercepted,
    };

    private static string RunWithoutInterceptors(string source, string program)
    {
        using var plain = CompiledAssembly.CompileWithoutInterceptors(source);
        return plain.Method<Func<string>>(program, "Run")();
    }

    private static (AgentMonitor Monitor, FakeTimeProvider Clock) NewMonitor()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        return (new AgentMonitor(new MonitorOptions { ServiceName = "generated_tests", TimeProvider = clock }), clock);
    }
}
