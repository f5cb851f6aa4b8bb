using Microsoft.CodeAnalysis.Testing;
using NumAgents.Instrumentation.Analyzers.Rules;
using NumAgents.Instrumentation.Analyzers.Tests.Infrastructure;

namespace NumAgents.Instrumentation.Analyzers.Tests.Rules;

/// <summary>NAI0022: GenAI attributes, [ToolCallId] and [SpanAttribute] that the generator ignores while it instruments the rest.</summary>
public sealed class IgnoredGenAIAttributeTests
{
    private static readonly Verify<InstrumentationInputAnalyzer>.Options IgnoredOnly = new() { Disabled = ["NAI0013", "NAI0014", "NAI0016"] };

    [Fact]
    public async Task Two_GenAI_attributes_on_one_declaration_are_both_ignored()
    {
        const string source = """
            using NumAgents.Core;
            using NumAgents.Instrumentation;

            public class Service
            {
                [{|#0:Agent|}, {|#1:Tool("search")|}, Traced] public void Both() { }
                [{|#2:LlmCall|}, {|#3:Retrieval|}, {|#4:Tool|}] public string Three() => "";
                [Agent, Traced, Counted] public void Fine() { }
            }

            [{|#5:Agent|}, {|#6:Retrieval("kb")|}]
            public partial class MixedNode : Node
            {
                protected override NodeResult Exec(SharedStore shared) => new();
            }
            """;

        const string keepOne = "a declaration is one GenAI operation (an agent, a tool, an LLM call or a retrieval), so the generator ignores all of them; keep one";
        await Verify<InstrumentationInputAnalyzer>.AnalyzerAsync(
            source,
            IgnoredOnly,
            Expect(0, "Agent", "method", "Service.Both", "[Tool] is on it too: " + keepOne),
            Expect(1, "Tool", "method", "Service.Both", "[Agent] is on it too: " + keepOne),
            Expect(2, "LlmCall", "method", "Service.Three", "[Retrieval] and [Tool] are on it too: " + keepOne),
            Expect(3, "Retrieval", "method", "Service.Three", "[LlmCall] and [Tool] are on it too: " + keepOne),
            Expect(4, "Tool", "method", "Service.Three", "[LlmCall] and [Retrieval] are on it too: " + keepOne),
            Expect(5, "Agent", "class", "MixedNode", "[Retrieval] is on it too: " + keepOne),
            Expect(6, "Retrieval", "class", "MixedNode", "[Agent] is on it too: " + keepOne));
    }

    [Fact]
    public async Task A_tool_call_id_must_be_one_string_parameter_without_a_label()
    {
        const string source = """
            using NumAgents.Instrumentation;

            public class Tools
            {
                [Tool] public void Number([{|#0:ToolCallId|}] int id) { }
                [Tool] public void Labelled([Label, {|#1:ToolCallId|}] string id) { }
                [Tool] public void Twice([ToolCallId] string first, [{|#2:ToolCallId|}] string second) { }
                [Tool] public void Out([{|#3:ToolCallId|}] out string id) { id = ""; }
                [Tool] public void Fine([ToolCallId] string? id) { }
                [Traced] public void AnyTracedMethod([ToolCallId] string id) { }
            }
            """;

        await Verify<InstrumentationInputAnalyzer>.AnalyzerAsync(
            source,
            IgnoredOnly,
            Expect(0, "ToolCallId", "parameter 'id' of method", "Tools.Number", "it has the type 'int'; a tool call id is a string"),
            Expect(1, "ToolCallId", "parameter 'id' of method", "Tools.Labelled", "it has [Label] too: a tool call id is new for every call, so as a metric label it would make a series per call; remove [Label]"),
            Expect(2, "ToolCallId", "parameter 'second' of method", "Tools.Twice", "parameter 'first' is the tool call id already"),
            Expect(3, "ToolCallId", "parameter 'id' of method", "Tools.Out", "it is an out parameter, which has no value until the method returns"));
    }

    [Fact]
    public async Task Span_attributes_need_a_span_a_readable_value_and_a_key_of_their_own()
    {
        const string source = """
            using System;
            using System.Collections.Generic;
            using NumAgents.Instrumentation;

            public class Service
            {
                public void NotInstrumented([{|#0:SpanAttribute|}] string id, [{|#1:ToolCallId|}] string call) { }
                [Counted] public void NoSpan([{|#2:SpanAttribute|}] string id) { }
                [Traced] public void Labelled([Label, {|#3:SpanAttribute|}] string tool) { }
                [Traced] public void Span([{|#4:SpanAttribute|}] ReadOnlySpan<char> text) { }
                [Traced] public void Keys([SpanAttribute("k")] string a, [SpanAttribute({|#5:"k"|})] string b, [Label] string tool, [SpanAttribute({|#6:"tool"|})] string c) { }
                [Traced] public void Empty([SpanAttribute({|#7:""|})] string a) { }
                [Tool] public IAsyncEnumerable<int> Stream([{|#8:SpanAttribute|}] string query) => throw null!;
                [Agent] public void Fine([SpanAttribute("gen_ai.conversation.id")] string conversation, [SpanAttribute] int count, [Label] string tool) { }
            }
            """;

        await Verify<InstrumentationInputAnalyzer>.AnalyzerAsync(
            source,
            IgnoredOnly,
            Expect(0, "SpanAttribute", "parameter 'id' of method", "Service.NotInstrumented", "'Service.NotInstrumented' records no span; add [Traced] (or [Agent], [Tool], [LlmCall] or [Retrieval]) to it"),
            Expect(1, "ToolCallId", "parameter 'call' of method", "Service.NotInstrumented", "'Service.NotInstrumented' records no span; add [Traced] (or [Agent], [Tool], [LlmCall] or [Retrieval]) to it"),
            Expect(2, "SpanAttribute", "parameter 'id' of method", "Service.NoSpan", "'Service.NoSpan' records no span; add [Traced] (or [Agent], [Tool], [LlmCall] or [Retrieval]) to it"),
            Expect(3, "SpanAttribute", "parameter 'tool' of method", "Service.Labelled", "it has [Label] too, whose value is an attribute of the span already; keep [Label] for a bounded value that should split the metrics, or [SpanAttribute] alone to keep the value out of them"),
            Expect(4, "SpanAttribute", "parameter 'text' of method", "Service.Span", "it has the ref struct type 'System.ReadOnlySpan<char>', which cannot be recorded as a span attribute"),
            Expect(5, "SpanAttribute", "parameter 'b' of method", "Service.Keys", "its key 'k' is the key of [SpanAttribute] parameter 'a' already, and a span keeps one value per key"),
            Expect(6, "SpanAttribute", "parameter 'c' of method", "Service.Keys", "its key 'tool' is the key of [Label] parameter 'tool' already, and a span keeps one value per key"),
            Expect(7, "SpanAttribute", "parameter 'a' of method", "Service.Empty", "it has an empty key; omit the argument for the member's name in snake_case"),
            Expect(8, "SpanAttribute", "parameter 'query' of method", "Service.Stream", "'Service.Stream' returns IAsyncEnumerable<T>, whose span starts when the sequence is enumerated, after the call has returned"));
    }

    [Fact]
    public async Task Span_attribute_properties_must_be_on_a_node_with_a_span_and_readable()
    {
        const string source = """
            using NumAgents.Core;
            using NumAgents.Instrumentation;

            public class NotANode
            {
                [{|#0:SpanAttribute|}] public string Id { get; set; } = "";
            }

            public abstract class BaseNode : Node
            {
                [SpanAttribute] public string? Conversation { get; set; }
            }

            [Timed]
            public partial class UntracedNode : BaseNode
            {
                [{|#1:SpanAttribute|}] public string Own { get; set; } = "";
                protected override NodeResult Exec(SharedStore shared) => new();
            }

            [Agent]
            public partial class AgentNode : BaseNode
            {
                [{|#2:SpanAttribute|}] public string WriteOnly { set { } }
                [Label, {|#3:SpanAttribute|}] public string Tier { get; set; } = "free";
                [SpanAttribute("gen_ai.conversation.id")] public static string Shared { get; set; } = "";
                protected override NodeResult Exec(SharedStore shared) => new();
            }
            """;

        await Verify<InstrumentationInputAnalyzer>.AnalyzerAsync(
            source,
            IgnoredOnly,
            Expect(0, "SpanAttribute", "property 'Id' of class", "NotANode", "'NotANode' is not a node class; only a node's properties are read, when it runs"),
            Expect(1, "SpanAttribute", "property 'Own' of class", "UntracedNode", "'UntracedNode' records no span; add [Traced] (or [Agent], [Tool], [LlmCall] or [Retrieval]) to the class"),
            Expect(2, "SpanAttribute", "property 'WriteOnly' of class", "AgentNode", "it has no getter"),
            Expect(3, "SpanAttribute", "property 'Tier' of class", "AgentNode", "it has [Label] too, whose value is an attribute of the span already; keep [Label] for a bounded value that should split the metrics, or [SpanAttribute] alone to keep the value out of them"));
    }

    [Fact]
    public async Task Invalid_GenAI_arguments_and_counter_units_cost_the_member_its_code_as_other_arguments_do()
    {
        const string source = """
            using NumAgents.Instrumentation;

            public class Service
            {
                [Agent({|#0:""|})] public void EmptyName() { }
                [Tool(Type = {|#1:" "|})] public void BlankType() { }
                [LlmCall(Model = {|#2:""|}, Provider = "openai")] public string EmptyModel() => "";
                [Retrieval({|#3:""|})] public void EmptySource() { }
                [Counted(Unit = {|#4:""|})] public void EmptyUnit() { }
                [Counted(Unit = {|#5:"by\ntes"|})] public void ControlUnit() { }
                [Counted(Unit = "{call}"), Agent("planner", Id = "a-1"), Timed] public void Fine() { }
            }
            """;

        await Verify<InstrumentationInputAnalyzer>.AnalyzerAsync(
            source,
            new Verify<InstrumentationInputAnalyzer>.Options { Disabled = ["NAI0022", "NAI0014", "NAI0016"] },
            Argument(0, "Service.EmptyName", "Agent", "has an empty name; omit the argument for the default"),
            Argument(1, "Service.BlankType", "Tool", "has a Type made only of whitespace; omit the argument for the default"),
            Argument(2, "Service.EmptyModel", "LlmCall", "has an empty Model; omit the argument for the default"),
            Argument(3, "Service.EmptySource", "Retrieval", "has an empty data source; omit the argument for the default"),
            Argument(4, "Service.EmptyUnit", "Counted", "has an empty Unit; leave it unset for no unit"),
            Argument(5, "Service.ControlUnit", "Counted", "has a Unit with a control character, which the runtime rejects"));
    }

    private static DiagnosticResult Expect(int location, string attribute, string what, string owner, string why)
        => new DiagnosticResult(InstrumentationInputAnalyzer.IgnoredAttributeRule).WithLocation(location).WithArguments(attribute, what, owner, why);

    private static DiagnosticResult Argument(int location, string member, string attribute, string problem)
        => new DiagnosticResult(InstrumentationInputAnalyzer.InvalidArgumentRule).WithLocation(location).WithArguments(member, attribute, problem);
}
