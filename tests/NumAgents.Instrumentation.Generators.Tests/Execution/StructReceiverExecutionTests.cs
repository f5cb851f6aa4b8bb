using NumAgents.Instrumentation.Generators.Tests.Infrastructure;

namespace NumAgents.Instrumentation.Generators.Tests.Execution;

/// <summary>
/// Issue 13, item 1: instance methods of structs compiled with their interceptors and run. Every call leaves
/// exactly the storage it leaves without the generator (the caller's local, field, array element, ref local or
/// ref parameter is mutated; a readonly field or an 'in' parameter is copied, as C# copies it), and records.
/// </summary>
public sealed class StructReceiverExecutionTests
{
    private const string Program = "Shop.Structs.Program";

    [Fact]
    public void Mutations_reach_the_same_storage_as_without_the_generator()
    {
        string instrumented;
        var (monitor, _) = TestMonitor.Create();
        using (var compiled = CompiledAssembly.Compile(Sources.StructReceivers))
        using (AgentMonitor.Use(monitor))
        {
            instrumented = compiled.Method<Func<string>>(Program, "Run")();
        }

        using var plain = CompiledAssembly.CompileWithoutInterceptors(Sources.StructReceivers);
        var expected = plain.Method<Func<string>>(Program, "Run")();
        Assert.Equal(expected, instrumented);

        // Spelled out, so a regression names the storage that went wrong: the local saw two increments and the
        // task method's synchronous +10; the field was incremented, then reset through 'this ref'; the readonly
        // field and the 'in' parameter were copies; both array elements, the ref local and the ref parameter
        // were the caller's; a record struct, a ref struct and a generic struct kept their mutations.
        Assert.Equal(
            "local=12|field=0|readonly=0|shared=1|items=2,1|in=2|pending=True|doubled=24|point=Point { X = 4, Y = 5 }|money=5EUR|area=12"
                + "|cursor=ab,3,False,3|box=b,2|toggle=True|bumpers=1|boxed=1",
            instrumented);
    }

    [Fact]
    public void Every_struct_shape_records_its_calls()
    {
        var (monitor, _) = TestMonitor.Create();
        using (var compiled = CompiledAssembly.Compile(Sources.StructReceivers))
        using (AgentMonitor.Use(monitor))
        {
            compiled.Method<Func<string>>(Program, "Run")();
        }

        var m = monitor.Metrics;
        double Calls(string type, string method) => m.GetCounterValue("method.invocations", [("class", type), ("method", method), ("outcome", "success")]);

        // Nine calls to a mutable struct's method, on every kind of storage.
        Assert.Equal(9, Calls("Counter", "Increment"));
        Assert.Equal(1, Calls("Counter", "Peek"));
        Assert.Equal(1, m.GetHistogramStats("method.duration", [("class", "Counter"), ("method", "Peek")]).Count);
        Assert.Equal(1, Calls("Counter", "IncrementLaterAsync"));
        Assert.Equal(1, Calls("CounterExtensions", "Reset"));
        Assert.Equal(1, Calls("Point", "Shift"));
        Assert.Equal(2, Calls("Cursor", "Next"));
        Assert.Equal(1, m.GetHistogramStats("method.duration", [("class", "Cursor"), ("method", "SkipAsync")]).Count);
        Assert.Equal(3, Calls("Switch", "Toggle"));

        // The interface call on the boxed struct is intercepted; the constrained call through T is not (NAI0017).
        Assert.Equal(1, Calls("IBumpable", "Bump"));

        var spans = monitor.Tracer.GetAllSpans().GroupBy(s => s.Name).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(9, spans["Counter.Increment"]);
        Assert.Equal(1, spans["Counter.IncrementLaterAsync"]);
        Assert.Equal(1, spans["CounterExtensions.Doubled"]);
        Assert.Equal(1, spans["Money.Add"]);
        Assert.Equal(1, spans["Size.Area"]);
        Assert.Equal(2, spans["Cursor.Next"]);
        Assert.Equal(1, spans["Cursor.AtEnd"]);
        Assert.Equal(2, spans["Box.Set"]);
        Assert.Equal(3, spans["Switch.Toggle"]);
        Assert.All(monitor.Tracer.GetAllSpans(), s => Assert.Equal(SpanStatus.Ok, s.Status));
    }

    [Fact]
    public void The_receiver_is_taken_as_the_compiler_passes_this()
    {
        var run = GeneratorHarness.Run(Sources.StructReceivers);
        string Interceptor(string type, string method) => run.Sources.Single(s => s.HintName.StartsWith($"Shop.Structs.{type}.{method}.", StringComparison.Ordinal)).SourceText.ToString();

        // Mutable members by reference; readonly members and members of readonly structs read-only (CS9148 otherwise).
        Assert.Contains("Increment(this ref global::Shop.Structs.Counter __receiver)", Interceptor("Counter", "Increment"), StringComparison.Ordinal);
        Assert.Contains("Peek(this in global::Shop.Structs.Counter __receiver)", Interceptor("Counter", "Peek"), StringComparison.Ordinal);
        Assert.Contains("Add(this in global::Shop.Structs.Money __receiver, decimal more)", Interceptor("Money", "Add"), StringComparison.Ordinal);
        Assert.Contains("Shift(this ref global::Shop.Structs.Point __receiver, int by)", Interceptor("Point", "Shift"), StringComparison.Ordinal);
        Assert.Contains("Area(this in global::Shop.Structs.Size __receiver)", Interceptor("Size", "Area"), StringComparison.Ordinal);
        Assert.Contains("Next(this ref global::Shop.Structs.Cursor __receiver)", Interceptor("Cursor", "Next"), StringComparison.Ordinal);
        Assert.Contains("AtEnd(this in global::Shop.Structs.Cursor __receiver)", Interceptor("Cursor", "AtEnd"), StringComparison.Ordinal);
        Assert.Contains("Set<T>(this ref global::Shop.Structs.Box<T> __receiver, T value)", Interceptor("Box_T_", "Set"), StringComparison.Ordinal);
        Assert.Contains("Reset(this ref global::Shop.Structs.Counter counter)", Interceptor("CounterExtensions", "Reset"), StringComparison.Ordinal);
        Assert.Contains("Doubled(this in global::Shop.Structs.Counter counter)", Interceptor("CounterExtensions", "Doubled"), StringComparison.Ordinal);
        Assert.Empty(run.CompilationProblems());
    }
}
