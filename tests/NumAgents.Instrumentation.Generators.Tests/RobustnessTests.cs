using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using NumAgents.Instrumentation.Generators.Tests.Infrastructure;

namespace NumAgents.Instrumentation.Generators.Tests;

/// <summary>
/// The generator never throws and never reports: input it cannot compile into working code gets
/// none (the analyzers explain why, see GeneratorAnalyzerAgreementTests), and nothing it emits breaks a build.
/// </summary>
public sealed class RobustnessTests
{
    public static TheoryData<string, string> InputsThatGetNoCode => new()
    {
        { "not partial", "[Traced] public class N : Node { protected override NodeResult Exec(SharedStore s) => new(); }" },
        { "one declaration not partial", "[Traced] public partial class N : Node { protected override NodeResult Exec(SharedStore s) => new(); } public class N { }" },
        { "not a node", "[Traced, Timed, Counted] public partial class Plain { }" },
        { "static class", "[Traced] public static partial class S { }" },
        { "abstract seam already overridden", "[Traced] public partial class N : Node { protected override NodeResult Exec(SharedStore s) => new(); protected override NodeResult InvokeNode(SharedStore s) => base.InvokeNode(s); }" },
        { "nested in a non-partial class", "public class Outer { [Traced] public partial class N : Node { protected override NodeResult Exec(SharedStore s) => new(); } }" },
        { "file-local class", "[Traced] file partial class N : Node { protected override NodeResult Exec(SharedStore s) => new(); }" },
        { "seam sealed by a base", "public abstract class B : Node { protected sealed override NodeResult InvokeNode(SharedStore s) => base.InvokeNode(s); } [Traced] public partial class N : B { protected override NodeResult Exec(SharedStore s) => new(); }" },
        { "name of the wrong type", "[Traced(42)] public partial class N : Node { protected override NodeResult Exec(SharedStore s) => new(); }" },
        { "empty name", "[Timed(\"  \")] public partial class N : Node { protected override NodeResult Exec(SharedStore s) => new(); }" },
        { "unknown named argument", "[Counted(Bogus = 1)] public partial class N : Node { protected override NodeResult Exec(SharedStore s) => new(); }" },
        { "duplicate attribute", "[Traced, Traced] public partial class N : Node { protected override NodeResult Exec(SharedStore s) => new(); }" },
        { "extra label without '='", "[Counted(ExtraLabels = [\"team\"])] public partial class N : Node { protected override NodeResult Exec(SharedStore s) => new(); }" },
        { "extra label with an invalid key", "[Counted(ExtraLabels = [\"9team=x\"])] public partial class N : Node { protected override NodeResult Exec(SharedStore s) => new(); }" },
        { "extra label reusing a built-in key", "[Counted(ExtraLabels = [\"outcome=x\"])] public partial class N : Node { protected override NodeResult Exec(SharedStore s) => new(); }" },
        { "extra label 'le' on a timer", "[Timed(ExtraLabels = [\"le=1\"])] public partial class N : Node { protected override NodeResult Exec(SharedStore s) => new(); }" },
        { "null extra label", "[Counted(ExtraLabels = [null!])] public partial class N : Node { protected override NodeResult Exec(SharedStore s) => new(); }" },
        { "buckets not increasing", "[Timed(Buckets = [5, 1])] public partial class N : Node { protected override NodeResult Exec(SharedStore s) => new(); }" },
        { "infinite bucket", "[Timed(Buckets = [1, double.PositiveInfinity])] public partial class N : Node { protected override NodeResult Exec(SharedStore s) => new(); }" },
        { "two labels with one key", "[Counted] public partial class N : Node { [Label(\"k\")] public int A { get; } [Label(\"k\")] public int B { get; } protected override NodeResult Exec(SharedStore s) => new(); }" },
        { "label on a write-only property", "[Counted] public partial class N : Node { [Label] public int A { set { } } protected override NodeResult Exec(SharedStore s) => new(); }" },
        { "label with an invalid key", "[Counted] public partial class N : Node { [Label(\"a-b\")] public int A { get; } protected override NodeResult Exec(SharedStore s) => new(); }" },
        { "method with a label on an out parameter", "public class C { [Counted] public void M([Label] out int x) => x = 1; } public static class P { public static void Run() => new C().M(out _); }" },
        { "private method", "public class C { [Traced] private void M() { } public void Run() => M(); }" },
        { "protected method", "public class C { [Traced] protected void M() { } public void Run() => M(); }" },
        { "method of a file-local class", "file class C { [Traced] public void M() { } public void Run() => M(); }" },
        { "method of a type nested in a file-local class", "file class F { public sealed class C { [Traced] public void M() { } } public void Run() => new C().M(); }" },
        { "method of a private nested type", "public class C { private sealed class D { [Traced] public void M() { } } public void Run() => new D().M(); }" },
        { "ref return", "public class C { private int _v; [Traced] public ref int M() => ref _v; public void Run() => M() = 1; }" },
        { "pointer parameter", "public unsafe class C { [Traced] public static void M(int* p) { } public static void Run() { int x = 0; M(&x); } }" },
        { "local function", "public class C { public void Run() { [Traced] void Local() { } Local(); } }" },
        { "type parameter names that collide", "public class C<T> { [Traced] public void M<T>(T value) { } } public static class P { public static void Run() => new C<int>().M(\"x\"); }" },
        { "dynamic call", "public class C { [Traced] public void M(int x) { } public static void Run(dynamic d) => d.M(1); }" },
        { "label on a ref struct parameter", "public class C { [Traced] public void M([Label] System.Span<int> s) { } public void Run() => M(stackalloc int[1]); }" },
    };

    [Theory]
    [MemberData(nameof(InputsThatGetNoCode))]
    public void Input_that_cannot_be_compiled_gets_no_code_and_no_exception(string reason, string code)
    {
        var run = GeneratorHarness.Run(GeneratorHarness.CreateCompilation(Wrap(code)));
        Assert.Null(run.GeneratorException);
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.True(run.HintNames.Count == 0, $"{reason}: generated {string.Join(", ", run.HintNames)}");
    }

    [Fact]
    public async Task Every_prefix_of_valid_sources_is_survived()
    {
        // Each prefix is broken code of a different kind (unclosed braces, half an attribute...).
        var source = Wrap("""
            [Traced("x", ExtraLabels = ["a=b"]), Timed(Buckets = [1, 2]), Counted(RecordFailuresOnly = true)]
            public sealed partial class N<T> : Node where T : class
            {
                [Label] public string Model { get; } = "m";
                protected override NodeResult Exec(SharedStore s) => new();
            }

            public static class Calls
            {
                [Traced, Timed] public static System.Threading.Tasks.Task<int> GetAsync<TKey>([Label] string tool, TKey key, ref int n) => System.Threading.Tasks.Task.FromResult(n);
                public static void Run() { var n = 0; GetAsync("t", 1, ref n); }
            }
            """);
        var ran = 0;
        for (var length = 0; length < source.Length; length += 23)
        {
            var run = GeneratorHarness.Run(GeneratorHarness.CreateCompilation(source[..length]));
            Assert.Null(run.GeneratorException);
            Assert.Empty(run.GeneratorDiagnostics);

            // Half-written code is what an IDE's analyzers see most: they must not throw on it either.
            var analyzers = await AnalyzerHarness.RunAsync(run.Output);
            Assert.True(analyzers.Failures.Count == 0, $"prefix of {length} characters: an analyzer failed\n{string.Join("\n\n", analyzers.Failures)}");
            ran++;
        }

        Assert.True(ran > 20);
    }

    [Fact]
    public void A_compilation_without_the_runtime_gets_no_code()
    {
        var tree = CSharpSyntaxTree.ParseText("""
            namespace NumAgents.Instrumentation { public sealed class TracedAttribute : System.Attribute { public TracedAttribute(int wrong) { } } }
            [NumAgents.Instrumentation.Traced(1)] public partial class N { }
            public static class P { [NumAgents.Instrumentation.Traced(2)] public static void M() { } public static void Run() => M(); }
            """, GeneratorHarness.ParseOptions, "Program.cs");
        var compilation = CSharpCompilation.Create("NoRuntime", [tree], [MetadataReference.CreateFromFile(typeof(object).Assembly.Location)]);
        var run = GeneratorHarness.Run(compilation, GeneratorHarness.ParseOptions);
        Assert.Null(run.GeneratorException);
        Assert.Empty(run.HintNames);
    }

    [Fact]
    public void Without_the_interceptors_opt_in_methods_get_no_interceptor_but_nodes_are_generated()
    {
        var source = Wrap("""
            [Traced] public partial class N : Node { protected override NodeResult Exec(SharedStore s) => new(); }
            public class C { [Traced] public void M() { } public void Run() => M(); }
            """);
        var run = GeneratorHarness.Run(GeneratorHarness.CreateCompilation(source, parseOptions: GeneratorHarness.ParseOptionsWithoutInterceptors));
        Assert.Equal(["Test.N.9c06a607.Instrumentation.g.cs"], run.HintNames);
        Assert.Empty(run.CompilationProblems());
    }

    [Fact]
    public void Below_CSharp_12_nothing_is_generated()
    {
        var options = GeneratorHarness.ParseOptions.WithLanguageVersion(LanguageVersion.CSharp11);
        var source = Wrap("""
            [Traced] public partial class N : Node { protected override NodeResult Exec(SharedStore s) => new(); }
            public class C { [Traced] public void M() { } public void Run() => M(); }
            """);
        var run = GeneratorHarness.Run(GeneratorHarness.CreateCompilation(source, parseOptions: options));
        Assert.Null(run.GeneratorException);
        Assert.Empty(run.HintNames);
    }

    private static string Wrap(string code) => "using NumAgents.Core;\nusing NumAgents.Instrumentation;\n\nnamespace Test;\n\n" + code + "\n";
}
