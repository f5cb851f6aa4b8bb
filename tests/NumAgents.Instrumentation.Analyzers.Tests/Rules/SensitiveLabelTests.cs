using Microsoft.CodeAnalysis.Testing;
using NumAgents.Instrumentation.Analyzers.CodeFixes.Rules;
using NumAgents.Instrumentation.Analyzers.Internal;
using NumAgents.Instrumentation.Analyzers.Rules;
using NumAgents.Instrumentation.Analyzers.Tests.Infrastructure;

namespace NumAgents.Instrumentation.Analyzers.Tests.Rules;

/// <summary>NAI0021: metric labels that hold prompt or response content or a conversation, session or user id, and their fixes.</summary>
public sealed class SensitiveLabelTests
{
    private const string Content = SensitiveLabels.ContentReason;
    private const string Identity = SensitiveLabels.IdentityReason;
    private const string Email = SensitiveLabels.EmailReason;

    [Theory]
    [InlineData("prompt", Content)]
    [InlineData("response_text", Content)]
    [InlineData("completion", Content)]
    [InlineData("messages", Content)]
    [InlineData("userMessage", Content)]
    [InlineData("content", Content)]
    [InlineData("input", Content)]
    [InlineData("model_output", Content)]
    [InlineData("question", Content)]
    [InlineData("answer", Content)]
    [InlineData("gen_ai.prompt", Content)]
    [InlineData("text", Content)]
    [InlineData("conversation_id", Identity)]
    [InlineData("conversationId", Identity)]
    [InlineData("Session-ID", Identity)]
    [InlineData("userid", Identity)]
    [InlineData("user_name", Identity)]
    [InlineData("thread_id", Identity)]
    [InlineData("chatId", Identity)]
    [InlineData("email", Email)]
    [InlineData("user_email", Email)]
    [InlineData("e-mail", Email)]
    public void Sensitive_keys_are_recognised_by_their_words(string key, string reason)
        => Assert.Equal(reason, SensitiveLabels.WhyKey(key));

    [Theory]
    [InlineData("model")]
    [InlineData("tool")]
    [InlineData("node")]
    [InlineData("operation")]
    [InlineData("provider")]
    [InlineData("input_type")]
    [InlineData("message_role")]
    [InlineData("content_type")]
    [InlineData("response_status")]
    [InlineData("prompt_template")]
    [InlineData("output_format")]
    [InlineData("input_tokens")]
    [InlineData("context")]
    [InlineData("textbox")]
    [InlineData("chat_model")]
    [InlineData("user")]
    [InlineData("session")]
    public void Bounded_keys_are_not(string key)
        => Assert.Null(SensitiveLabels.WhyKey(key));

    [Fact]
    public async Task Label_members_are_reported_by_key_name_or_type()
    {
        const string source = """
            using System.Collections.Generic;
            using Microsoft.Extensions.AI;
            using NumAgents.Core;
            using NumAgents.Instrumentation;

            public class Assistant
            {
                [Traced]
                public void Ask([{|#0:Label|}] string prompt, [{|#1:Label("conversation_id")|}] string conversation, [{|#2:Label|}] ChatMessage last, [{|#3:Label("history")|}] IList<ChatMessage> messages, [Label] string model, [Label] string inputType) { }

                // Not instrumented: NAI0016 says the label is never read.
                public void Plain([Label] string prompt) { }
            }

            [Counted]
            public partial class ChatNode : Node
            {
                [{|#4:Label|}] public string UserEmail { get; set; } = "";
                [Label] public string Tool { get; set; } = "search";
                protected override NodeResult Exec(SharedStore shared) => new();
            }
            """;

        await Verify<SensitiveLabelAnalyzer>.AnalyzerAsync(
            source,
            Expect(0, "prompt", "method 'Assistant.Ask'", Content),
            Expect(1, "conversation_id", "method 'Assistant.Ask'", Identity),
            Expect(2, "last", "method 'Assistant.Ask'", "holds a Microsoft.Extensions.AI ChatMessage, which is prompt or response content"),
            Expect(3, "history", "method 'Assistant.Ask'", "holds Microsoft.Extensions.AI ChatMessage values, which are prompt or response content"),
            Expect(4, "user_email", "node 'ChatNode'", Email));
    }

    [Fact]
    public async Task Labels_of_metrics_calls_are_reported_by_key_or_by_a_value_made_of_content()
    {
        const string source = """
            using System.Collections.Generic;
            using Microsoft.Extensions.AI;
            using NumAgents.Instrumentation;

            class Chat
            {
                void Record(MetricsCollector m, string prompt, ChatResponse response, string model)
                {
                    m.Counter("chat.requests", labels: [("prompt", {|#0:prompt|}), ("model", model)]);
                    m.Histogram("chat.latency", 12, labels: new Dictionary<string, string> { ["session_id"] = {|#1:"s-1"|} });
                    m.GetCounter("chat.replies", [("reply", {|#2:response.Text|})]).Add(1);
                    m.Counter("chat.finished", labels: [("finish", response.FinishReason?.ToString() ?? "none"), ("input_type", "text")]);
                }
            }
            """;

        await Verify<SensitiveLabelAnalyzer>.AnalyzerAsync(
            source,
            Expect(0, "prompt", "metric 'chat.requests'", Content),
            Expect(1, "session_id", "metric 'chat.latency'", Identity),
            Expect(2, "reply", "metric 'chat.replies'", "holds a Microsoft.Extensions.AI ChatResponse, which is prompt or response content"));
    }

    [Fact]
    public async Task Fix_turns_a_label_into_a_span_attribute_and_keeps_an_explicit_key()
    {
        const string source = """
            using NumAgents.Core;
            using NumAgents.Instrumentation;

            public class Assistant
            {
                [Tool]
                public void Ask([{|#0:Label|}] string prompt, [{|#1:Label("conversation_id")|}] string conversation, [{|#2:NumAgents.Instrumentation.LabelAttribute(name: "question")|}] string q) { }
            }

            [Agent]
            public partial class ChatNode : Node
            {
                [{|#3:Label|}] public string UserEmail { get; set; } = "";
                protected override NodeResult Exec(SharedStore shared) => new();
            }
            """;
        const string fixedSource = """
            using NumAgents.Core;
            using NumAgents.Instrumentation;

            public class Assistant
            {
                [Tool]
                public void Ask([SpanAttribute] string prompt, [SpanAttribute("conversation_id")] string conversation, [NumAgents.Instrumentation.SpanAttributeAttribute(name: "question")] string q) { }
            }

            [Agent]
            public partial class ChatNode : Node
            {
                [SpanAttribute] public string UserEmail { get; set; } = "";
                protected override NodeResult Exec(SharedStore shared) => new();
            }
            """;

        await Verify<SensitiveLabelAnalyzer>.FixAsync<LabelToSpanAttributeFixer>(
            source,
            fixedSource,
            Expect(0, "prompt", "method 'Assistant.Ask'", Content),
            Expect(1, "conversation_id", "method 'Assistant.Ask'", Identity),
            Expect(2, "question", "method 'Assistant.Ask'", Content),
            Expect(3, "user_email", "node 'ChatNode'", Email));
    }

    [Fact]
    public async Task The_label_fix_is_not_offered_where_there_is_no_span_to_write_on()
    {
        const string source = """
            using NumAgents.Instrumentation;

            public class Assistant
            {
                [Counted]
                public void Ask([{|#0:Label|}] string prompt) { }
            }
            """;

        await Verify<SensitiveLabelAnalyzer>.FixAsync<LabelToSpanAttributeFixer>(
            source,
            source,
            Expect(0, "prompt", "method 'Assistant.Ask'", Content));
    }

    [Fact]
    public async Task Inside_a_span_the_fix_moves_a_metrics_call_label_to_the_span()
    {
        const string source = """
            using NumAgents.Instrumentation;

            class Chat
            {
                void Record(MetricsCollector m, Tracer tracer, string prompt, string model)
                {
                    using var span = tracer.Span("chat");
                    m.Counter("chat.requests", labels: [("prompt", {|#0:prompt|}), ("model", model)]);
                }
            }
            """;
        const string fixedSource = """
            using NumAgents.Instrumentation;

            class Chat
            {
                void Record(MetricsCollector m, Tracer tracer, string prompt, string model)
                {
                    using var span = tracer.Span("chat");
                    span.SetAttribute("prompt", prompt);
                    m.Counter("chat.requests", labels: [("model", model)]);
                }
            }
            """;

        await Verify<SensitiveLabelAnalyzer>.FixAsync<MoveLabelToSpanAttributeFixer>(source, fixedSource, Expect(0, "prompt", "metric 'chat.requests'", Content));
    }

    private static DiagnosticResult Expect(int location, string label, string subject, string why)
        => new DiagnosticResult(SensitiveLabelAnalyzer.Rule).WithLocation(location).WithArguments(label, subject, why);
}
