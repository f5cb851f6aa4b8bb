namespace NumAgents.Instrumentation.Generators.Tests.Robustness;

internal static partial class GeneratorCorpus
{
    /// <summary>
    /// Shapes of everyday code that once made the generated code break the build (issue 13), each a small case
    /// written for the corpus. The first group comes from the issue; the second from running the generator over
    /// real codebases with every method attributed (docs/generator.md, "Run over real code"), one case per distinct
    /// cause, named by the diagnostic the generated code raised.
    /// </summary>
    /// <remarks>Properties, not fields: <see cref="All"/>, in the other file, is built first.</remarks>
    private static (string Name, string Source)[] IssueShapes =>
    [
        // Item 1: struct receivers (CS9148 for a readonly member; a copy for an awaitable's receiver; CS4012 for a ref struct's).
        ("struct: readonly member of a mutable struct", "public struct S { public int N; [Traced, Counted] public readonly int Get() => N; [Timed] public void Inc() => N++; } public static class P { public static int Run() { var s = new S(); s.Inc(); return s.Get(); } }"),
        ("struct: readonly struct, record structs", "public readonly struct R(int v) { [Traced] public int Twice() => v * 2; } public record struct P1(int X) { [Counted] public void Bump() => X++; } public readonly record struct P2(int X) { [Timed] public int Get() => X; } public static class P { public static int Run() { var p = new P1(1); p.Bump(); return new R(2).Twice() + p.X + new P2(3).Get(); } }"),
        ("struct: ref struct members and awaitables", "public ref struct C { public int X; [Traced] public void Bump() => X++; [Counted] public readonly int Peek() => X; [Timed] public Task BumpAsync() { X++; return Task.CompletedTask; } } public static class P { public static async Task<int> Run() { var t = Make(); await t; return 0; } static Task Make() { var c = new C(); c.Bump(); _ = c.Peek(); return c.BumpAsync(); } }"),
        ("struct: generic struct and this ref / this in extensions", "public struct B<T> { public T? V; [Traced] public void Set(T v) => V = v; [Counted] public readonly T? Get() => V; } public struct K { public int N; } public static class E { [Traced] public static void Inc(this ref K k) => k.N++; [Counted] public static int Read(this in K k) => k.N; [Timed] public static int ReadOnly(this ref readonly K k) => k.N; } public static class P { public static int Run() { var b = new B<int>(); b.Set(1); var k = new K(); k.Inc(); return b.Get() + k.Read() + k.ReadOnly(); } }"),
        ("struct: every kind of storage", "public struct S { public int N; [Traced] public void Inc() => N++; } public sealed class H { public static S Shared; public S Field; public readonly S Frozen; public S[] Items = new S[1]; } public static class P { public static int Run(ref S r, in S i) { var h = new H(); h.Field.Inc(); h.Frozen.Inc(); H.Shared.Inc(); h.Items[0].Inc(); ref var e = ref h.Items[0]; e.Inc(); r.Inc(); i.Inc(); new S().Inc(); return h.Items[0].N; } }"),
        ("struct: implementing an interface, called directly and through it", "public interface I { [Counted] void Flip(); } public struct S : I { public bool On; [Traced] public void Flip() => On = !On; } public static class P { public static bool Run() { var s = new S(); s.Flip(); I boxed = s; boxed.Flip(); Flip(ref s); return s.On; } static void Flip<T>(ref T t) where T : I => t.Flip(); static void FlipClass<T>(T t) where T : class, I => t.Flip(); }"),

        // Item 2: keyword identifiers (CS0260 on a type named '', CS0628, CS0109).
        ("keywords: namespace, containing type, node, label", "namespace Acme.@namespace { public static partial class @static { [Traced, Timed, Counted] public partial class @event : Node { [Label] public string @class { get; } = \"c\"; protected override NodeResult Exec(SharedStore @in) => new(); } } }"),
        ("keywords: methods, parameters, type parameters", "public class @operator { [Traced, Counted] public int @return([Label] string @default, int @int) => @int; [Timed] public static @struct @as<@struct>(@struct @in) => @in; [Traced] public static void @await(int @await) { } public int Run() { @await(1); return @return(\"x\", 2) + @as(3); } }"),
        ("keywords: generated names as user names", "public class Site { [Traced] public int Instrumented(int __site, int __call, string Site) => __site + __call; [Counted] public static int __Complete(int __receiver) => __receiver; [Timed] public static int Interceptor(int x) => x; public int Run() => Instrumented(1, 2, \"s\") + __Complete(3) + Interceptor(4); } public class G<T> { [Traced] public int M(int T) => T; public int Run() => M(1); }"),

        // Found while probing the escaping: names that read alike in a file name ('Café' and 'Caf_', 'Node' and
        // 'node') gave two sources one hint name, which fails the whole generator (CS8785).
        ("names that read alike in a file name", "namespace M { [Traced] public partial class Café : Node { protected override NodeResult Exec(SharedStore s) => new(); } [Traced] public partial class Caf_ : Node { protected override NodeResult Exec(SharedStore s) => new(); } [Counted] public partial class Step : Node { protected override NodeResult Exec(SharedStore s) => new(); } [Counted] public partial class step : Node { protected override NodeResult Exec(SharedStore s) => new(); } public static class X { [Traced] public static void Café() { } [Traced] public static void Caf_() { } [Traced] public static void Go() { } [Traced] public static void go() { } public static void Run() { Café(); Caf_(); Go(); go(); } } }"),

        // Found while probing the names: a static 'new' Equals(object, object) lent its name to an interceptor that
        // hid object.Equals (CS0108); overrides of object's members called directly; constraints of every kind.
        ("object's member names and constraints", "public class C { [Traced] public override string ToString() => \"c\"; [Traced] public override int GetHashCode() => 1; [Traced] public override bool Equals(object? obj) => obj is C; [Traced] public static new bool Equals(object? a, object? b) => a == b; [Counted] public static new bool ReferenceEquals(object? a, object? b) => a == b; public string Run() { var c = new C(); return c.ToString() + c.GetHashCode() + c.Equals(c) + Equals(c, c) + ReferenceEquals(c, c); } } public struct S { [Traced] public override string ToString() => \"s\"; public static string Run() => new S().ToString(); } public static class G { [Traced] public static T A<T>(T t) where T : unmanaged, IEquatable<T> => t; [Traced] public static T B<T>(T t) where T : struct, Enum => t; [Traced] public static T? C<T>(T? t) where T : class? => t; [Traced] public static T D<T>(T t) where T : notnull, IComparable<T> => t; [Traced] public static int E<T>(T t) where T : allows ref struct => 1; [Traced] public static T F<T>() where T : new() => new T(); public static int Run() { ReadOnlySpan<int> s = default; return A(1) + (int)B(DayOfWeek.Monday) + (C<string>(null) is null ? 1 : 0) + D(2) + E(s) + F<object>().GetHashCode(); } }"),

        // Item 3: Task and ValueTask methods that throw before returning, or return a faulted task.
        ("awaitables: synchronous throws", "public class C { [Traced, Counted] public Task<int> A(string s) => s is null ? throw new ArgumentNullException(nameof(s)) : Task.FromResult(s.Length); [Traced] public Task B(int n) { if (n < 0) throw new ArgumentOutOfRangeException(nameof(n)); return Task.CompletedTask; } [Timed] public ValueTask<int> V(int n) => n < 0 ? throw new InvalidOperationException() : new(n); [Counted] public ValueTask W() => throw new NotSupportedException(); public async Task Run() { await A(\"x\"); await B(1); await V(1); try { await W(); } catch (NotSupportedException) { } } }"),
        ("awaitables: faulted, pending, null, by reference", "public class C { [Traced] public Task<int> F() => Task.FromException<int>(new TimeoutException()); [Traced, Timed] public Task<int> P(TaskCompletionSource<int> s) => s.Task; [Counted] public Task? N() => null; [Traced] public Task<int> R(ref int n, out string m, in int k) { n++; m = \"x\"; return Task.FromResult(n + k); } [Traced] public ValueTask<string?> Nullable() => new((string?)null); public async Task<int> Run() { var n = 0; var t = R(ref n, out _, 1); _ = N(); await Nullable(); return await t; } }"),
    ];

    /// <summary>One case per distinct cause the run over real code found (repository and diagnostic in the name).</summary>
    private static (string Name, string Source)[] RealCodeCauses =>
    [
        // Newtonsoft.Json, Serilog, Polly: CS9159 for every method with a nullable-analysis attribute on a parameter.
        ("real code CS9159: nullable-analysis attributes on parameters", "public class G { [Traced] public static void NotNull([NotNull] object? value) { if (value is null) throw new ArgumentNullException(nameof(value)); } [Traced] public bool TryGet(string k, [NotNullWhen(true)] out string? v) { v = k; return true; } [Traced] public static T AgainstNull<T>([NotNull] T? argument) where T : class => argument ?? throw new ArgumentNullException(nameof(argument)); [Traced] public static void Assert([DoesNotReturnIf(false)] bool condition) { if (!condition) throw new Exception(); } [Traced] public static void Set([AllowNull] ref string s) { s ??= \"\"; } [Traced] public static void Need([DisallowNull] string? s) { } public string Run() { object? o = \"\"; NotNull(o); TryGet(\"a\", out var v); var x = AgainstNull<string>(\"b\"); Assert(true); string s = \"c\"; Set(ref s); Need(\"d\"); return v + x + s; } }"),

        // Polly (ResilienceProperties.TryGetValue<TValue>): CS8601 assigning the maybe-default out value.
        ("real code CS8601: generic out parameter with MaybeNullWhen", "public class Props { [Traced, Counted] public bool TryGetValue<TValue>(string key, [MaybeNullWhen(false)] out TValue value) { value = default; return false; } [Traced] [return: NotNullIfNotNull(nameof(input))] public static string? Echo(string? input) => input; [Traced] [return: MaybeNull] public static T Find<T>() => default!; [Traced, DoesNotReturn] public static void Fail() => throw new Exception(); public string Run() { TryGetValue<int>(\"k\", out var v); return Echo(\"a\") + Find<string>() + v; } public void Stop() => Fail(); }"),

        // Newtonsoft.Json (BsonWriter and friends): CS0618 forwarding calls to obsolete members and types.
        ("real code CS0618: obsolete members, types and errors", "[Obsolete(\"old\")] public class Old { [Traced] public static int M() => 1; } public class C { [Obsolete(\"use N\")] [Counted] public int O() => 1; [Traced] public int T(Old? o) => 2; [Obsolete] public int Run() => Old.M() + O() + T(null); } [Obsolete(\"gone\", error: true)] public class Gone { [Traced] public static int M() => 3; } public static class G { [Obsolete(\"x\", error: true)] public static int Run() => Gone.M(); }"),

        // Newtonsoft.Json, NodaTime, Serilog ([assembly: CLSCompliant(true)]): CS3001, CS3002 on the node override.
        ("real code CS3001: node of a CLS-compliant assembly", "[assembly: CLSCompliant(true)] namespace Test { [Traced, Timed, Counted] public partial class Visible : Node { protected override NodeResult Exec(SharedStore s) => new(); } [Traced] public sealed partial class Sealed : Node { protected override NodeResult Exec(SharedStore s) => new(); } [Counted] internal partial class Hidden : Node { protected override NodeResult Exec(SharedStore s) => new(); } [Traced] public partial class Async : AsyncNode { protected override Task<NodeResult> ExecAsync(SharedStore s, CancellationToken c) => Task.FromResult(new NodeResult()); } }"),

        // Newtonsoft.Json (AsyncUtils.CancelIfRequestedAsync returns Task<T>?, null unless cancelled): CS8602, and a
        // NullReferenceException, when the old wrapper awaited the null task.
        ("real code CS8602: a nullable task that is null", "public static class AsyncUtils { [Traced, Timed, Counted] public static Task<T>? CancelIfRequestedAsync<T>(CancellationToken token) => token.IsCancellationRequested ? Task.FromCanceled<T>(token) : null; [Traced] public static ValueTask<int>? Maybe(bool b) => b ? new ValueTask<int>(1) : null; public static async Task<int> Run(CancellationToken token) { var t = CancelIfRequestedAsync<int>(token); _ = Maybe(false); return t is null ? 0 : await t; } }"),

        // Polly (TelemetryListener.Write(in TelemetryEventArguments)): CS9154 for 'in' parameters of virtual members.
        ("real code CS9154: in and ref readonly parameters of virtual members", "public readonly struct A { } public abstract class L { [Traced] public abstract void W(in A a); [Traced] public virtual void V(ref readonly A a) { } [Traced] public void N(in A a) { } } public interface I { [Counted] void W(in A a); } public sealed class K : L { public override void W(in A a) { } } public static class P { public static void Run(L l, I i) { var a = new A(); l.W(a); l.V(in a); l.N(a); i.W(a); } }"),

        // Not seen in the four repositories but of the same family: an [Experimental] API (its own error id).
        ("real code experimental APIs", "[System.Diagnostics.CodeAnalysis.Experimental(\"ACME001\")] public class Exp { [Traced] public static int M() => 1; } public static class P { \n#pragma warning disable ACME001\n public static int Run() => Exp.M();\n#pragma warning restore ACME001\n }"),
    ];

    private const string ShapeUsings = "using System.Diagnostics.CodeAnalysis;\n";

    private static void AddShapes(Dictionary<string, (string Path, string Source)[]> corpus)
    {
        foreach (var (name, source) in IssueShapes.Concat(RealCodeCauses))
        {
            // A source that declares its own namespace (or an assembly attribute) goes in as written.
            var body = source.StartsWith("namespace ", StringComparison.Ordinal) || source.StartsWith("[assembly:", StringComparison.Ordinal) ? source : "namespace Test;\n\n" + source;
            corpus.Add("shape: " + name, [("Shapes.cs", Usings + ShapeUsings + body + "\n")]);
        }
    }
}
