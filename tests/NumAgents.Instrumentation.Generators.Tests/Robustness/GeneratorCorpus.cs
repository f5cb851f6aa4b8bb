namespace NumAgents.Instrumentation.Generators.Tests.Robustness;

/// <summary>
/// Unusual sources for the generator: every attribute shape on every kind of node class, attributed
/// methods of every shape, and broken code (syntax errors, missing base types, attributes with wrong
/// arguments, partial classes split across files), and the shapes that once broke a build
/// (GeneratorCorpus.Shapes.cs). Built combinatorially so that it stays readable.
/// </summary>
internal static partial class GeneratorCorpus
{
    private const string Usings = "using System;\nusing System.Collections.Generic;\nusing System.Threading;\nusing System.Threading.Tasks;\nusing NumAgents.Core;\nusing NumAgents.Instrumentation;\n\n";

    /// <summary>Attribute lists, valid and invalid.</summary>
    private static readonly (string Name, string Attributes)[] AttributeShapes =
    [
        ("traced", "[Traced]"),
        ("timed", "[Timed]"),
        ("counted", "[Counted]"),
        ("all three", "[Traced, Timed, Counted]"),
        ("named", "[Traced(\"custom.span\"), Timed(\"custom.timer\"), Counted(\"custom.counter\")]"),
        ("descriptions", "[Timed(Description = \"How long\\n it \\\"took\\\"\"), Counted(Description = \"\")]"),
        ("buckets and extra labels", "[Timed(Buckets = [0.5, 1, 10], ExtraLabels = [\"team=search\", \"tier=gold\"])]"),
        ("failures only", "[Counted(RecordFailuresOnly = true, ExtraLabels = [\"a=b=c\"])]"),
        ("unicode names", "[Traced(\"nœud.ünïcødé 😀\"), Counted(\"compté\")]"),
        ("wrong argument type", "[Traced(42)]"),
        ("null name", "[Timed(null)]"),
        ("too many arguments", "[Counted(\"a\", \"b\")]"),
        ("unknown property", "[Traced(Bogus = true)]"),
        ("buckets not increasing", "[Timed(Buckets = [10, 1])]"),
        ("duplicate attribute", "[Counted, Counted]"),
        ("unterminated attribute", "[Traced(\"x\""),
        ("empty names", "[Timed(\"\"), Traced(\" \")]"),
        ("malformed extra labels", "[Counted(ExtraLabels = [\"x\", \"=y\", \"9=z\", null!, \"outcome=a\", \"k=1\", \"k=2\"])]"),
        ("bad buckets and 'le'", "[Timed(Buckets = [double.NaN, 1, 1, double.NegativeInfinity], ExtraLabels = [\"le=1\"])]"),
        ("array creation arguments", "[Traced(ExtraLabels = new string[] { \"a=b\", \"a\" }), Timed(Buckets = new double[0])]"),
        ("named constructor arguments", "[Counted(name: \"n\"), Traced(name: null)]"),
        ("agent", "[Agent]"),
        ("GenAI with the three", "[Tool(\"calc\", Type = \"extension\", Description = \"Adds\\n \\\"numbers\\\"\"), Traced(\"t\"), Timed, Counted(Unit = \"{run}\")]"),
        ("retrieval", "[Retrieval(dataSource: \"kb 😀\")]"),
        ("two GenAI attributes", "[Agent, Tool]"),
        ("two GenAI attributes and traced", "[Agent(\"a\"), Retrieval, Traced]"),
        ("empty GenAI name and unit", "[Agent(\"\"), Counted(Unit = \"\\t\")]"),
        ("LLM call on a class", "[LlmCall]"),
        ("GenAI arguments that do not bind", "[Agent(42, Id = \"x\"), Tool(Bogus = 1)]"),
    ];

    /// <summary>Node class shapes, each a format with {0} for the attribute list.</summary>
    private static readonly (string Name, (string Path, string Format)[] Files)[] NodeShapes =
    [
        ("partial node", [("Node.cs", "{0} public partial class N : Node { protected override NodeResult Exec(SharedStore s) => new() { [\"x\"] = 1 }; }")]),
        ("sealed generic node", [("Node.cs", "{0} public sealed partial class N<T> : Node where T : notnull { protected override NodeResult Exec(SharedStore s) => new(); }")]),
        ("nested node", [("Node.cs", "public static partial class Outer { {0} internal partial class N : Node { protected override NodeResult Exec(SharedStore s) => new(); } }")]),
        ("async node", [("Node.cs", "{0} public partial class N : AsyncNode { protected override Task<NodeResult> ExecAsync(SharedStore s, CancellationToken c) => Task.FromResult(new NodeResult()); }")]),
        ("derived node with labels", [("Node.cs", "public abstract class Base : Node { } {0} public partial class N : Base { [Label] public string Model { get; init; } = \"m\"; [Label(\"tier\")] public int Tier => 1; protected override NodeResult Exec(SharedStore s) => new(); }")]),
        ("split across files", [("A.cs", "{0} public partial class N : Node { }"), ("B.cs", "public partial class N { protected override NodeResult Exec(SharedStore s) => new(); }")]),
        ("not partial", [("Node.cs", "{0} public class N : Node { protected override NodeResult Exec(SharedStore s) => new(); }")]),
        ("not a node", [("Node.cs", "{0} public partial class N { public void Exec() { } }")]),
        ("missing base type", [("Node.cs", "{0} public partial class N : MissingBase { protected override NodeResult Exec(SharedStore s) => new(); }")]),
        ("unclosed class", [("Node.cs", "{0} public partial class N : Node { protected override NodeResult Exec(SharedStore s) => new();")]),
        ("missing semicolon and body", [("Node.cs", "{0} public partial class N : Node { protected override NodeResult Exec(SharedStore s) }")]),
        ("node with labels it cannot read", [("Node.cs", "public abstract class B : Node { [Label] public string R { private get; set; } = \"\"; } {0} public partial class N : B { [Label] public string W { set { } } [Label] public string this[int i] => \"\"; [Label(\"node\")] public string X => \"\"; [Label] public System.Span<int> S => default; protected override NodeResult Exec(SharedStore s) => new(); }")]),
        ("file-local node", [("Node.cs", "{0} file partial class N : Node { protected override NodeResult Exec(SharedStore s) => new(); }")]),
        ("node taking the generated names", [("Node.cs", "{0} public partial class N : Node { private int __numAgentsX; protected NodeResult InvokeNodeUninstrumented(SharedStore s) => new() { [\"x\"] = __numAgentsX }; public void InvokeNode() { } protected override NodeResult Exec(SharedStore s) => new(); }")]),
        ("record and struct", [("Node.cs", "{0} public partial record R; {0} public partial struct S { }")]),
    ];

    /// <summary>Attributed methods and their calls, valid and broken.</summary>
    private static readonly (string Name, string Source)[] MethodShapes =
    [
        ("instance method", "public class C { [Traced, Timed, Counted] public int M(int x) => x; public int Run() => M(1); }"),
        ("static method with labels", "public static class C { [Counted] public static void M([Label] string tool, [Label(\"n\")] int n) { } public static void Run() => M(\"t\", 2); }"),
        ("async Task", "public class C { [Traced] public async Task M() => await Task.Yield(); public Task Run() => M(); }"),
        ("async Task<T> and ValueTask", "public class C { [Timed] public Task<int> M() => Task.FromResult(1); [Timed] public ValueTask V() => default; public async Task Run() { await M(); await V(); } }"),
        ("IAsyncEnumerable", "public class C { [Traced] public async IAsyncEnumerable<int> M() { yield return 1; await Task.Yield(); } public async Task Run() { await foreach (var i in M()) { } } }"),
        ("generic method of a generic type", "public class C<T> { [Traced] public U M<U>(T t, U u) => u; } public static class P { public static string Run() => new C<int>().M(1, \"x\"); }"),
        ("extension method", "public static class E { [Counted] public static int Twice(this int x) => x * 2; public static int Run() => 3.Twice(); }"),
        ("ref out in params", "public class C { [Traced] public void M(ref int a, out int b, in int c, params int[] rest) { b = a + c; } public void Run() { var a = 1; M(ref a, out var b, 2, 3, 4); } }"),
        ("optional and named arguments", "public class C { [Timed] public int M(int a = 1, string b = \"x\") => a; public int Run() => M(b: \"y\"); }"),
        ("interface method", "public interface I { [Traced] int M(); } public class C : I { public int M() => 1; } public static class P { public static int Run(I i) => i.M(); }"),
        ("method group and delegate", "public class C { [Traced] public void M() { } public Action Run() { Action a = M; a(); return M; } }"),
        ("call with wrong arguments", "public class C { [Traced] public void M(int x) { } public void Run() => M(\"no\", 2); }"),
        ("call to a missing method", "public class C { [Traced] public void M() { } public void Run() => Missing(); }"),
        ("attribute on a local function", "public class C { public void Run() { [Counted] void L() { } L(); } }"),
        ("label with a missing type", "public class C { [Counted] public void M([Label] Missing x) { } }"),
        ("method of a file-local class", "file class C { [Traced, Counted] public int M([Label] string tool) => 1; public int Run() => M(\"t\"); }"),
        ("labels that cannot be read", "public class C { [Counted] public void M([Label] out int a, [Label(\"outcome\")] string b, [Label(\"\")] string c, [Label] Span<int> d) { a = 0; } public void Run() => M(out _, \"b\", \"c\", default); }"),
        ("private and shadowing methods", "public class C<T> { [Traced] private void P() { } [Traced] public void S<T>() { } public void Run() { P(); S<int>(); } }"),
        ("partial method", "public partial class C { [Traced] public partial int M(); public partial int M() => 1; public int Run() => M(); }"),
        ("label on a lambda parameter", "public class C { public void Run() { Action<string> f = [Traced] ([Label] string s) => { }; f(\"x\"); } }"),
        ("call in an expression tree", "public static class E { [Traced] public static int Twice(this int x) => x * 2; public static System.Linq.Expressions.Expression<Func<int>> Run() => () => 3.Twice(); }"),
        ("lambda with attribute", "public class C { public void Run() { var f = [Traced] () => 1; f(); } }"),
        ("GenAI methods and results that carry usage", "public sealed class R : ITokenUsageReport { public TokenUsage? TokenUsage => null; public string? ModelId => null; } public struct S : ITokenUsageReport { public TokenUsage? TokenUsage => default(TokenUsage); public string? ModelId => null; } public class C { [LlmCall(Provider = \"p\", Model = \"m\")] public Task<Microsoft.Extensions.AI.ChatResponse> A() => Task.FromResult(new Microsoft.Extensions.AI.ChatResponse()); [LlmCall] public ValueTask<Microsoft.Extensions.AI.UsageDetails?> B() => default; [LlmCall(Operation = \"embeddings\")] public R? Cr() => null; [LlmCall] public S? Sn() => null; [LlmCall] public Task<S> St() => Task.FromResult(new S()); [LlmCall] public TokenUsage? T() => null; [LlmCall] public T G<T>(T t) where T : ITokenUsageReport => t; [LlmCall] public Task<T> H<T>() where T : Microsoft.Extensions.AI.ChatResponse, new() => Task.FromResult(new T()); [Agent(\"a\", Id = \"1\")] public int Ag() => 1; [Tool] public void To() { } [Retrieval(\"kb\")] public IAsyncEnumerable<int> Re() => throw null!; [LlmCall] public Task<TokenUsage>? Nt() => null; [LlmCall] public ValueTask<ITokenUsageReport?> Vr() => default; public async Task Run() { await (Nt() ?? Task.FromResult(default(TokenUsage))); await Vr(); await A(); await B(); Cr(); Sn(); await St(); T(); G(new S()); await H<Microsoft.Extensions.AI.ChatResponse>(); Ag(); To(); await foreach (var _ in Re()) { } } }"),
        ("LLM calls whose results carry no usage", "public class C { [LlmCall] public void A() { } [LlmCall] public Task B() => Task.CompletedTask; [LlmCall] public string Cs() => \"\"; [LlmCall] public async IAsyncEnumerable<Microsoft.Extensions.AI.ChatResponseUpdate> D() { await Task.Yield(); yield break; } public async Task Run() { A(); await B(); Cs(); await foreach (var _ in D()) { } } }"),
        ("span members valid and ignored", "public class C { [Tool] public void A([ToolCallId] string id, [SpanAttribute(\"gen_ai.conversation.id\")] string c, [SpanAttribute] int n, [Label] string tool) { } [Traced] public void B([ToolCallId] int id, [ToolCallId] string? x, [ToolCallId] string y, [Label, SpanAttribute] string l, [SpanAttribute] out int o, [SpanAttribute(\"\")] string e, [SpanAttribute(\"k\")] string k1, [SpanAttribute(\"k\")] string k2) { o = 0; } [Counted] public void D([SpanAttribute] string s) { } public void E([SpanAttribute] string s, [ToolCallId] string t) { } [Traced] public void F<T>([SpanAttribute] T value, [SpanAttribute] ref int r, [SpanAttribute] in long i) { } public void Run() { A(\"i\", \"c\", 1, \"t\"); B(1, null, \"y\", \"l\", out _, \"e\", \"1\", \"2\"); D(\"s\"); E(\"s\", \"t\"); var r = 1; F(\"v\", ref r, 2); } }"),
        ("span attributes of nodes", "public abstract class B : Node { [SpanAttribute] public string? Conversation { get; set; } [SpanAttribute] private string Hidden => \"\"; } [Agent] public partial class N : B { [SpanAttribute(\"gen_ai.request.top_k\")] public static int TopK { get; set; } [SpanAttribute] public string W { set { } } [Label, SpanAttribute] public string Tier { get; set; } = \"\"; [SpanAttribute] public int this[int i] => i; [SpanAttribute, Obsolete] public string Old => \"\"; protected override NodeResult Exec(SharedStore s) => new(); } [Timed] public partial class U : B { [SpanAttribute] public string Own => \"\"; protected override NodeResult Exec(SharedStore s) => new(); } public class NotANode { [SpanAttribute] public string P => \"\"; }"),
    ];

    /// <summary>Whole files of broken or odd code.</summary>
    private static readonly (string Name, string Source)[] Broken =
    [
        ("empty file", string.Empty),
        ("only an attribute", "[Traced]"),
        ("attribute on a namespace-less garbage", "[Traced] ) ( } {"),
        ("unbalanced generics", "[Traced] public partial class N<T : Node { }"),
        ("top-level statements with attributed local", "[Traced] static void L() { } L();"),
        ("attribute on an enum and a delegate", "[Traced] public enum E { A } [Counted] public delegate void D();"),
        ("attribute used as a type", "public class C { TracedAttribute? a; Traced b; }"),
        ("stray preprocessor", "#if\n[Traced] public partial class N : Node { }\n#endif"),
    ];

    public static IReadOnlyDictionary<string, (string Path, string Source)[]> All { get; } = Build();

    private static Dictionary<string, (string Path, string Source)[]> Build()
    {
        var corpus = new Dictionary<string, (string Path, string Source)[]>(StringComparer.Ordinal);
        foreach (var (shape, files) in NodeShapes)
        {
            foreach (var (attributeName, attributes) in AttributeShapes)
            {
                corpus.Add($"node: {shape}, {attributeName}", [.. files.Select(f => (f.Path, Usings + "namespace Test;\n\n" + f.Format.Replace("{0}", attributes, StringComparison.Ordinal) + "\n"))]);
            }
        }

        foreach (var (name, source) in MethodShapes)
        {
            corpus.Add("method: " + name, [("Methods.cs", Usings + "namespace Test;\n\n" + source + "\n")]);
            corpus.Add("method in a file-scoped-less namespace: " + name, [("Methods.cs", Usings + "namespace Test.Deep.Er { " + source + " }\n")]);
        }

        foreach (var (name, source) in Broken)
        {
            corpus.Add("broken: " + name, [("Broken.cs", Usings + source + "\n")]);
        }

        AddShapes(corpus);

        return corpus;
    }
}
