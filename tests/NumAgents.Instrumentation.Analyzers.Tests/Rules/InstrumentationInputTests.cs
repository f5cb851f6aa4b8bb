using Microsoft.CodeAnalysis.Testing;
using NumAgents.Instrumentation.Analyzers.Rules;
using NumAgents.Instrumentation.Analyzers.Tests.Infrastructure;

namespace NumAgents.Instrumentation.Analyzers.Tests.Rules;

/// <summary>NAI0013, NAI0014: attribute arguments and [Label] members that make the generator skip a member.</summary>
public sealed class InstrumentationInputTests
{
    private const string KeyRule = "a label name is ASCII letters, digits and '_', does not start with a digit, and does not start with '__' (reserved by Prometheus)";
    private const string MethodBuiltIns = "one of the labels the generated code sets on a method (class, method, outcome, error_type)";
    private const string NodeBuiltIns = "one of the labels the generated code sets on a node (node, outcome, error_type)";

    [Fact]
    public async Task Empty_and_whitespace_names_are_reported_on_the_name()
    {
        const string source = """
            using NumAgents.Instrumentation;

            public class Service
            {
                [Timed({|#0:""|})] public void EmptyName() { }
                [Traced(name: {|#1:"   "|})] public void WhitespaceName() { }
                [Counted({|#2:"\t"|}), Traced] public void AlsoBad() { }
            }
            """;

        await Verify<InstrumentationInputAnalyzer>.AnalyzerAsync(
            source,
            Argument(0, "Service.EmptyName", "Timed", "has an empty name; omit the argument for the default"),
            Argument(1, "Service.WhitespaceName", "Traced", "has a name made only of whitespace; omit the argument for the default"),
            Argument(2, "Service.AlsoBad", "Counted", "has a name made only of whitespace; omit the argument for the default"));
    }

    [Fact]
    public async Task Malformed_extra_labels_are_reported_on_the_entry()
    {
        const string source = """
            using NumAgents.Instrumentation;

            public class Service
            {
                [Counted(ExtraLabels = new[] { "team=search", {|#0:"team"|} })] public void NoEquals() { }
                [Counted(ExtraLabels = [{|#1:"=gold"|}])] public void EmptyKey() { }
                [Counted(ExtraLabels = [{|#2:"9team=x"|}, {|#3:"__meta=x"|}, {|#4:"a-b=c"|}])] public void InvalidKeys() { }
                [Traced(ExtraLabels = new string[] { {|#5:null!|} })] public void NullEntry() { }
            }
            """;

        await Verify<InstrumentationInputAnalyzer>.AnalyzerAsync(
            source,
            Argument(0, "Service.NoEquals", "Counted", "has the ExtraLabels entry \"team\" without '='; each entry is a \"key=value\" string"),
            Argument(1, "Service.EmptyKey", "Counted", "has the ExtraLabels entry \"=gold\" with an empty key; each entry is a \"key=value\" string"),
            Argument(2, "Service.InvalidKeys", "Counted", "has the ExtraLabels key '9team', which is not a valid label name: " + KeyRule),
            Argument(3, "Service.InvalidKeys", "Counted", "has the ExtraLabels key '__meta', which is not a valid label name: " + KeyRule),
            Argument(4, "Service.InvalidKeys", "Counted", "has the ExtraLabels key 'a-b', which is not a valid label name: " + KeyRule),
            Argument(5, "Service.NullEntry", "Traced", "has a null ExtraLabels entry at index 0; each entry is a \"key=value\" string"));
    }

    [Fact]
    public async Task Extra_label_keys_that_clash_are_reported_on_the_entry()
    {
        const string source = """
            using NumAgents.Core;
            using NumAgents.Instrumentation;

            public class Service
            {
                [Counted(ExtraLabels = ["tier=gold", {|#0:"tier=silver"|}])] public void Repeated() { }
                [Counted(ExtraLabels = [{|#1:"outcome=late"|}, {|#2:"method=x"|}])] public void BuiltIn() { }
                [Timed(ExtraLabels = [{|#3:"le=1"|}])] public void BucketLabel() { }
                [Traced, Counted(ExtraLabels = [{|#4:"tool=x"|}])] public void LabelKey([Label] string tool) { }
            }

            [Counted(ExtraLabels = [{|#5:"node=x"|}, "method=fine on a node"])]
            public partial class LoadNode : Node
            {
                [Label] public string Source { get; } = "disk";
                protected override NodeResult Exec(SharedStore shared) => new();
            }

            [Traced(ExtraLabels = [{|#6:"source=x"|}])]
            public partial class SinkNode : Node
            {
                [Label] public string Source { get; } = "disk";
                protected override NodeResult Exec(SharedStore shared) => new();
            }
            """;

        await Verify<InstrumentationInputAnalyzer>.AnalyzerAsync(
            source,
            Argument(0, "Service.Repeated", "Counted", "has the ExtraLabels key 'tier' twice"),
            Argument(1, "Service.BuiltIn", "Counted", "has the ExtraLabels key 'outcome', " + MethodBuiltIns),
            Argument(2, "Service.BuiltIn", "Counted", "has the ExtraLabels key 'method', " + MethodBuiltIns),
            Argument(3, "Service.BucketLabel", "Timed", "has the ExtraLabels key 'le', which the histogram uses for its bucket bounds"),
            Argument(4, "Service.LabelKey", "Counted", "has the ExtraLabels key 'tool', already the key of [Label] parameter 'tool'"),
            Argument(5, "LoadNode", "Counted", "has the ExtraLabels key 'node', " + NodeBuiltIns),
            Argument(6, "SinkNode", "Traced", "has the ExtraLabels key 'source', already the key of [Label] property 'SinkNode.Source'"));
    }

    [Fact]
    public async Task Buckets_that_are_not_finite_and_strictly_increasing_are_reported_on_the_bound()
    {
        const string source = """
            using NumAgents.Instrumentation;

            public class Service
            {
                [Timed(Buckets = [1, {|#0:double.NaN|}, 3])] public void NaN() { }
                [Timed(Buckets = new[] { 1, {|#1:double.PositiveInfinity|} })] public void Infinite() { }
                [Timed(Buckets = [5, {|#2:1|}])] public void Decreasing() { }
                [Timed("t", Buckets = [0.5, 1, {|#3:1|}, 2, {|#4:-1|}])] public void Repeated() { }
            }
            """;

        await Verify<InstrumentationInputAnalyzer>.AnalyzerAsync(
            source,
            Argument(0, "Service.NaN", "Timed", "has the bucket bound NaN at index 1; bounds must be finite"),
            Argument(1, "Service.Infinite", "Timed", "has the bucket bound Infinity at index 1; bounds must be finite"),
            Argument(2, "Service.Decreasing", "Timed", "has the bucket bound 1 at index 1 after 5; bounds must be strictly increasing"),
            Argument(3, "Service.Repeated", "Timed", "has the bucket bound 1 at index 2 after 1; bounds must be strictly increasing"),
            Argument(4, "Service.Repeated", "Timed", "has the bucket bound -1 at index 4 after 2; bounds must be strictly increasing"));
    }

    [Fact]
    public async Task Labels_nothing_reads_are_reported_on_the_label()
    {
        const string source = """
            using NumAgents.Core;
            using NumAgents.Instrumentation;

            public interface ISearch
            {
                [Traced] string Find([Label] string tool);
            }

            public class Search : ISearch
            {
                // The interface member is what calls are compiled against; this parameter's label is never read.
                public string Find([{|#0:Label|}] string tool) => tool;

                public void Plain([{|#1:Label("tier")|}] string tier, int count) { }

                // Unread, so NAI0016 rather than NAI0014's complaint about an out parameter.
                public void Lookup([{|#3:Label("outcome")|}] out int x) { x = 0; }

                [{|#2:Label|}] public string Region { get; set; } = "eu";
            }

            // Not attributed itself, but a derived node's attribute reads this property: silent.
            public abstract partial class BaseNode : Node
            {
                [Label] public string Tenant { get; set; } = "acme";
            }

            [Traced]
            public partial class LoadNode : BaseNode
            {
                protected override NodeResult Exec(SharedStore store) => new();
            }
            """;

        await Verify<InstrumentationInputAnalyzer>.AnalyzerAsync(
            source,
            Unread(0, "parameter", "tool", "Search.Find", NoAttribute("Search.Find")),
            Unread(1, "parameter", "tier", "Search.Plain", NoAttribute("Search.Plain")),
            Unread(2, "property", "Region", "Search", "'Search' is not a node class; only node properties are read, when the node runs"),
            Unread(3, "parameter", "x", "Search.Lookup", NoAttribute("Search.Lookup")));

        static string NoAttribute(string method) => $"'{method}' has no [Traced], [Timed] or [Counted]; put the attribute on the method (on the declaration that is called, for an interface or base method)";
    }

    [Fact]
    public async Task Valid_arguments_stay_silent()
    {
        const string source = """
            using NumAgents.Core;
            using NumAgents.Instrumentation;

            public class Service
            {
                [Traced(null), Timed(Buckets = [0.5, 1, 10], RecordOutcome = true, ExtraLabels = ["team=search"]), Counted("llm.calls", Description = "", ExtraLabels = ["team=search", "note=a=b", "empty="], RecordFailuresOnly = true)]
                public void Run([Label] string tool, [Label("n")] int count, [Label] ref int retries, [Label(null)] string? model) { }

                // 'le' is only a histogram's: a span attribute or a counter label may use it.
                [Traced(ExtraLabels = ["le=1"]), Counted(ExtraLabels = ["le=1"])] public void SpanAndCounter() { }
                [Counted] public void CounterLabel([Label] string le) { }

                [Timed(Buckets = [])] public void EmptyBuckets() { }
            }

            [Traced(ExtraLabels = ["class=y"]), Timed, Counted]
            public partial class LoadNode : Node
            {
                [Label] public string Source { get; } = "disk";
                [Label] public static int Shard => 1;
                [Label("method")] public string HttpMethod => "GET";
                protected override NodeResult Exec(SharedStore shared) => new();
            }
            """;

        await Verify<InstrumentationInputAnalyzer>.AnalyzerAsync(source);
    }

    [Fact]
    public async Task Label_parameters_that_cannot_be_read_or_keyed_are_reported_on_the_label()
    {
        const string source = """
            using System;
            using NumAgents.Instrumentation;

            public class Service
            {
                [Counted] public void Parse([{|#0:Label|}] out int count) { count = 0; }
                [Traced] public void Scan([{|#1:Label|}] ReadOnlySpan<char> text) { }
                [Counted] public void Run([{|#2:Label("outcome")|}] string result, [{|#3:Label|}] string @class) { }
                [Counted] public void Twice([Label("k")] string a, [{|#4:Label("k")|}] string b) { }
                [Timed] public void Bucket([{|#5:Label|}] string le) { }
                [Counted] public void Empty([Label({|#6:""|})] string a) { }
                [Counted] public void Unicode([{|#7:Label|}] string café) { }
                [Counted] public void Reserved([Label({|#8:"__x"|})] string a) { }
            }
            """;

        await Verify<InstrumentationInputAnalyzer>.AnalyzerAsync(
            source,
            Label(0, "Service.Parse", "parameter 'count'", "is an out parameter, which has no value until the method returns"),
            Label(1, "Service.Scan", "parameter 'text'", "has the ref struct type 'System.ReadOnlySpan<char>', which cannot be kept as a label value"),
            Label(2, "Service.Run", "parameter 'result'", "has the key 'outcome', " + MethodBuiltIns),
            Label(3, "Service.Run", "parameter 'class'", "has the key 'class', " + MethodBuiltIns),
            Label(4, "Service.Twice", "parameter 'b'", "has the key 'k', already the key of [Label] parameter 'a'"),
            Label(5, "Service.Bucket", "parameter 'le'", "has the key 'le', which [Timed]'s histogram uses for its bucket bounds"),
            Label(6, "Service.Empty", "parameter 'a'", "has an empty name; omit the argument for the default"),
            Label(7, "Service.Unicode", "parameter 'café'", "has the default key 'café' (its name in snake_case), which is not a valid label name: " + KeyRule + "; give one with [Label(\"key\")]"),
            Label(8, "Service.Reserved", "parameter 'a'", "has the key '__x', which is not a valid label name: " + KeyRule));
    }

    [Fact]
    public async Task Label_properties_of_a_node_that_cannot_be_read_are_reported_on_the_label_or_for_inherited_ones_on_the_class()
    {
        const string source = """
            using System;
            using NumAgents.Core;
            using NumAgents.Instrumentation;

            public abstract class BaseNode : Node
            {
                [Label] public string Region { private get; set; } = "eu";

                // Private to the base: the base's own instrumentation reads it, not a derived class's.
                [Label] private string Secret => "s";
            }

            [{|#0:Counted|}]
            public partial class LoadNode : BaseNode
            {
                private int _count;

                [{|#1:Label|}] public string Sink { set { } }
                [{|#2:Label|}] public string this[int i] => "";
                [{|#3:Label|}] public ref int Count => ref _count;
                [{|#4:Label|}] public Span<int> Window => default;
                [Label({|#5:"a-b"|})] public string Tier => "gold";
                [{|#6:Label("outcome")|}] public string Result => "ok";
                protected override NodeResult Exec(SharedStore shared) => new();
            }

            [Timed]
            public partial class BucketNode : Node
            {
                [{|#7:Label|}] public string Le => "1";
                protected override NodeResult Exec(SharedStore shared) => new();
            }
            """;

        await Verify<InstrumentationInputAnalyzer>.AnalyzerAsync(
            source,
            Label(0, "LoadNode", "property 'BaseNode.Region'", "has a getter that 'LoadNode' cannot call"),
            Label(1, "LoadNode", "property 'LoadNode.Sink'", "has no getter"),
            Label(2, "LoadNode", "property 'LoadNode.this[]'", "is an indexer, which needs arguments to be read"),
            Label(3, "LoadNode", "property 'LoadNode.Count'", "returns by reference"),
            Label(4, "LoadNode", "property 'LoadNode.Window'", "has the ref struct type 'System.Span<int>', which cannot be kept as a label value"),
            Label(5, "LoadNode", "property 'LoadNode.Tier'", "has the key 'a-b', which is not a valid label name: " + KeyRule),
            Label(6, "LoadNode", "property 'LoadNode.Result'", "has the key 'outcome', " + NodeBuiltIns),
            Label(7, "BucketNode", "property 'BucketNode.Le'", "has the key 'le', which [Timed]'s histogram uses for its bucket bounds"));
    }

    private static DiagnosticResult Argument(int location, string member, string attribute, string problem)
        => new DiagnosticResult(InstrumentationInputAnalyzer.InvalidArgumentRule).WithLocation(location).WithArguments(member, attribute, problem);

    private static DiagnosticResult Unread(int location, string kind, string member, string owner, string why)
        => new DiagnosticResult(InstrumentationInputAnalyzer.LabelHasNoEffectRule).WithLocation(location).WithArguments(kind, member, owner, why);

    private static DiagnosticResult Label(int location, string member, string labelMember, string problem)
        => new DiagnosticResult(InstrumentationInputAnalyzer.InvalidLabelRule).WithLocation(location).WithArguments(member, labelMember, problem);
}
