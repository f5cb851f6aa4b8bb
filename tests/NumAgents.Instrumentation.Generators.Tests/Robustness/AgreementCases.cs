using Microsoft.CodeAnalysis.CSharp;
using NumAgents.Instrumentation.Generators.Tests.Infrastructure;

namespace NumAgents.Instrumentation.Generators.Tests.Robustness;

/// <summary>
/// Sources for <see cref="GeneratorAnalyzerAgreementTests"/>: every input the generator skips that the
/// robustness tests list, the whole corpus, one source per case the analyzers gained for skipped input, valid
/// sources that must stay silent, and the project settings that switch the generator off.
/// </summary>
internal static class AgreementCases
{
    private const string Usings = "using System;\nusing System.Diagnostics.CodeAnalysis;\nusing NumAgents.Core;\nusing NumAgents.Instrumentation;\n\nnamespace Test;\n\n";

    private const string Exec = "protected override NodeResult Exec(SharedStore s) => new();";

    /// <summary>One source per case the analyzers report, and valid neighbours of each.</summary>
    private static readonly (string Name, string Source)[] Cases =
    [
        ("empty and whitespace names", "public class C { [Timed(\"\")] public void A() { } [Traced(\" \")] public void B() { } [Counted(null)] public void Fine() { } public void Run() { A(); B(); Fine(); } }"),
        ("extra labels", "public class C { [Counted(ExtraLabels = [\"team\"])] public void A() { } [Traced(ExtraLabels = [\"=x\", \"9a=b\"])] public void B() { } [Counted(ExtraLabels = [\"a=1\", \"a=2\"])] public void D() { } [Counted(ExtraLabels = [\"class=x\"])] public void E() { } [Timed(ExtraLabels = [\"le=1\"])] public void F() { } [Counted(ExtraLabels = [\"le=1\", \"a=b=c\", \"e=\"])] public void Fine() { } public void Run() { A(); B(); D(); E(); F(); Fine(); } }"),
        ("extra label clashing with a label", "public class C { [Counted(ExtraLabels = [\"tool=x\"])] public void A([Label] string tool) { } [Counted(ExtraLabels = [\"kind=x\"])] public void Fine([Label] string tool) { } public void Run() { A(\"t\"); Fine(\"t\"); } }"),
        ("buckets", "public class C { [Timed(Buckets = [1, double.NaN])] public void A() { } [Timed(Buckets = [2, 2])] public void B() { } [Timed(Buckets = [0.5, 1, 1e9])] public void Fine() { } public void Run() { A(); B(); Fine(); } }"),
        ("node extra labels", "[Counted(ExtraLabels = [\"node=x\"])] public partial class A : Node { " + Exec + " } [Counted(ExtraLabels = [\"method=x\"])] public partial class Fine : Node { " + Exec + " }"),
        ("label parameters", "public class C { [Counted] public void A([Label] out int x) { x = 0; } [Traced] public void B([Label] ReadOnlySpan<char> s) { } [Counted] public void D([Label(\"method\")] string m) { } [Counted] public void E([Label(\"k\")] string a, [Label(\"k\")] string b) { } [Timed] public void F([Label] string le) { } [Counted] public void G([Label] string café) { } [Counted] public void Fine([Label] ref int r, [Label] string le) { } public void Run() { A(out _); B(default); D(\"\"); E(\"\", \"\"); F(\"\"); G(\"\"); var r = 0; Fine(ref r, \"\"); } }"),
        ("label properties", "public abstract class B : Node { [Label] public string R { private get; set; } = \"\"; [Label] private string P => \"\"; } [Counted] public partial class A : B { " + Exec + " } [Counted] public partial class W : Node { [Label] public int X { set { } } " + Exec + " } [Traced] public partial class I : Node { [Label] public string this[int i] => \"\"; " + Exec + " } [Timed] public partial class L : Node { [Label] public string Le => \"\"; " + Exec + " } [Counted] public partial class S : Node { [Label] public Span<int> Sp => default; " + Exec + " } [Counted] public partial class Fine : Node { [Label] public string Le => \"\"; [Label] public static int Shard => 1; " + Exec + " }"),
        ("node names taken", "[Traced] public partial class A : Node { public void InvokeNode() { } " + Exec + " } [Traced] public partial class B : Node { private int __numAgentsX; " + Exec + " } [Traced] public partial class D : Node { protected NodeResult InvokeNodeUninstrumented(SharedStore s) => new(); " + Exec + " }"),
        ("seam hidden by a base", "public abstract class H : Node { protected new NodeResult InvokeNode(SharedStore s) => new(); } [Traced] public partial class A : H { " + Exec + " }"),
        ("file-local node and containing type", "[Traced] file partial class A : Node { " + Exec + " } file partial class O { [Counted] public partial class N : Node { " + Exec + " } }"),
        ("methods an interceptor cannot call", "public class C { private int _v; [Traced] private void A() { } [Traced] protected void B() { } [Traced] public ref int D() => ref _v; [Traced] public void E(__arglist) { } [Traced] internal void Fine() { } [Traced] protected internal void Fine2() { } public void Run() { A(); B(); D(); E(__arglist(1)); Fine(); Fine2(); } }"),
        ("methods of hidden types", "public class C { private sealed class P { [Traced] public void M() { } public sealed class Q { [Traced] public void M() { } } } public void Run() { new P().M(); new P.Q().M(); } } file sealed class F { [Traced] public void M() { } public void Run() => M(); }"),
        ("shadowed type parameters and unscoped ref", "public class G<T> { [Traced] public void M<T>() { } public void Run() => M<int>(); } public struct S { [Traced] public static void Fill([UnscopedRef] out int v) { v = 0; } public static void Run() => Fill(out _); }"),
        ("static abstract interface member", "public interface IF<TSelf> where TSelf : IF<TSelf> { [Traced] static abstract TSelf Create(); } public sealed class F : IF<F> { public static F Create() => new(); } public static class P { public static T Run<T>() where T : IF<T> => T.Create(); }"),
        ("accessors, operators and local functions", "public class C { public int N { [Counted] get; set; } [Traced] public static C operator +(C a, C b) => a; public void Run() { [Traced] void L() { } L(); _ = N; _ = this + this; } }"),
        ("calls left alone", "public interface IB { [Counted] void Bump(); } public struct B : IB { public int N; public void Bump() => N++; } public static class P { public static void Any<T>(T[] items) where T : IB => items[0].Bump(); public static void Struct<T>(ref T t) where T : struct, IB => t.Bump(); public static void Class<T>(T t) where T : class, IB => t.Bump(); public static void Interface(IB b) => b.Bump(); }"),
        ("GenAI attributes on shapes the generator skips", "public class C { [Agent] private void A() { } [LlmCall] protected string B() => \"\"; [Agent(\"\")] public void D() { } [Tool(Type = \" \")] public void E() { } [Counted(Unit = \"\")] public void F() { } [Agent(\"fine\"), Counted(Unit = \"{call}\")] public void Fine() { } public void Run() { A(); B(); D(); E(); F(); Fine(); } } [Tool] public class NotPartial : Node { " + Exec + " } [Retrieval] public partial class NotANode { } [Agent(\"\")] public partial class EmptyName : Node { " + Exec + " }"),
        ("two GenAI attributes", "public class C { [Agent, Tool] public void A() { } [Agent, Tool, Traced, Counted] public void B() { } [LlmCall, Retrieval] public string D() => \"\"; public void Run() { A(); B(); D(); } } [Agent, Retrieval] public partial class Alone : Node { " + Exec + " } [Tool, Retrieval, Counted] public partial class WithCounter : Node { " + Exec + " }"),
        ("tool call ids and span attributes", "public class C { [Tool] public void A([ToolCallId] string id, [SpanAttribute(\"gen_ai.conversation.id\")] string c, [SpanAttribute] int n, [Label] string tool) { } [Traced] public void B([ToolCallId] int id, [ToolCallId] string? x, [ToolCallId] string y, [Label, SpanAttribute] string l, [SpanAttribute] out int o, [SpanAttribute(\"\")] string e, [SpanAttribute(\"k\")] string k1, [SpanAttribute(\"k\")] string k2, [SpanAttribute(\"tool\")] string k3, [Label] string tool) { o = 0; } [Counted] public void D([SpanAttribute] string s) { } public void E([SpanAttribute] string s, [ToolCallId] string t) { } [Tool] public System.Collections.Generic.IAsyncEnumerable<int> G([SpanAttribute] string q) => throw null!; public void Run() { A(\"i\", \"c\", 1, \"t\"); B(1, null, \"y\", \"l\", out _, \"e\", \"1\", \"2\", \"3\", \"t\"); D(\"s\"); E(\"s\", \"t\"); G(\"q\"); } }"),
        ("span attributes of nodes", "public abstract class B : Node { [SpanAttribute] public string? Conversation { get; set; } } [Agent] public partial class N : B { [SpanAttribute(\"gen_ai.request.top_k\")] public static int TopK { get; set; } [SpanAttribute] public string W { set { } } [Label, SpanAttribute] public string Tier { get; set; } = \"\"; [SpanAttribute] public int this[int i] => i; [SpanAttribute] public string Topic { get; set; } = \"\"; " + Exec + " } [Timed] public partial class U : B { [SpanAttribute] public string Own => \"\"; " + Exec + " } public class NotANode { [SpanAttribute] public string P => \"\"; }"),
        ("LLM calls with and without usage", "public class C { [LlmCall] public Microsoft.Extensions.AI.ChatResponse A() => new(); [LlmCall] public System.Threading.Tasks.Task<TokenUsage?> B() => System.Threading.Tasks.Task.FromResult<TokenUsage?>(null); [LlmCall] public string D() => \"\"; [LlmCall] public void E() { } [LlmCall, Tool] public string F() => \"\"; public void Run() { A(); B(); D(); E(); F(); } }"),
        ("valid methods of every kind", "public static class E { [Traced] public static int Twice(this int x) => x * 2; } public struct V { [Counted] public void M() { } } public class C<T> { [Traced, Timed, Counted] public U M<U>(T t, [Label] string tool, U u) => u; } public static class P { public static void Run() { _ = 2.Twice(); var v = new V(); v.M(); _ = new C<int>().M(1, \"t\", \"x\"); } }"),
    ];

    /// <summary>Name, sources and parse options of every case.</summary>
    public static IReadOnlyDictionary<string, ((string Path, string Source)[] Sources, CSharpParseOptions Options)> All { get; } = Build();

    private static Dictionary<string, ((string Path, string Source)[], CSharpParseOptions)> Build()
    {
        var all = new Dictionary<string, ((string Path, string Source)[], CSharpParseOptions)>(StringComparer.Ordinal);
        foreach (var row in RobustnessTests.InputsThatGetNoCode)
        {
            var (reason, code) = ((string)row[0], (string)row[1]);
            all.Add("skipped: " + reason, ([("Program.cs", Usings + code + "\n")], GeneratorHarness.ParseOptions));
        }

        foreach (var (name, source) in Cases)
        {
            all.Add("case: " + name, ([("Program.cs", Usings + source + "\n")], GeneratorHarness.ParseOptions));
        }

        foreach (var (name, sources) in GeneratorCorpus.All)
        {
            all.Add("corpus: " + name, (sources, GeneratorHarness.ParseOptions));
        }

        foreach (var (name, source) in new[] { ("struct receivers", Sources.StructReceivers), ("keywords", Sources.Keywords), ("awaitables", Sources.Awaitables), ("GenAI", Sources.GenAI) })
        {
            all.Add("source: " + name, ([("Program.cs", source)], GeneratorHarness.ParseOptions));
        }

        // The settings that switch the generator off, over sources it would otherwise instrument.
        var valid = Usings + Cases.Single(c => c.Name == "valid methods of every kind").Source
            + "\n[Traced, Timed, Counted] public partial class N : Node { [Label] public string Model { get; } = \"m\"; " + Exec + " }\n";
        all.Add("settings: no interceptors opt-in", ([("Program.cs", valid)], GeneratorHarness.ParseOptionsWithoutInterceptors));
        all.Add("settings: another namespace opted in", ([("Program.cs", valid)], GeneratorHarness.ParseOptionsWithoutInterceptors.WithFeatures([new("InterceptorsNamespaces", "Other.Generated")])));
        all.Add("settings: C# 11", ([("Program.cs", valid)], GeneratorHarness.ParseOptions.WithLanguageVersion(LanguageVersion.CSharp11)));
        return all;
    }
}
