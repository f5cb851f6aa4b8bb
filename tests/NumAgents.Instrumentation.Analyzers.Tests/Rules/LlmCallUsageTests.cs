using Microsoft.CodeAnalysis.Testing;
using NumAgents.Instrumentation.Analyzers.Rules;
using NumAgents.Instrumentation.Analyzers.Tests.Infrastructure;
using NumAgents.Instrumentation.Validation;

namespace NumAgents.Instrumentation.Analyzers.Tests.Rules;

/// <summary>NAI0020: an [LlmCall] method whose result carries no token usage the generated code can read.</summary>
public sealed class LlmCallUsageTests
{
    [Fact]
    public async Task Results_without_usage_are_reported_on_the_return_type_with_what_is_readable()
    {
        const string source = """
            using System.Collections.Generic;
            using System.Threading.Tasks;
            using Microsoft.Extensions.AI;
            using NumAgents.Instrumentation;

            public sealed class Reply
            {
                public string Text { get; init; } = "";
            }

            public class Client
            {
                [LlmCall] public {|#0:void|} Fire() { }
                [LlmCall] public {|#1:Task|} FireAsync() => Task.CompletedTask;
                [LlmCall] public {|#2:ValueTask|} FireValueAsync() => default;
                [LlmCall] public {|#3:string|} Text() => "";
                [LlmCall] public {|#4:Task<Reply>|} ReplyAsync() => Task.FromResult(new Reply());
                [LlmCall] public {|#5:IAsyncEnumerable<ChatResponseUpdate>|} StreamAsync() => throw null!;
                [LlmCall] public {|#6:object|} Untyped() => new ChatResponse();
                [LlmCall] public {|#7:List<ChatResponse>|} Many() => [];
            }
            """;

        await Verify<LlmCallUsageAnalyzer>.AnalyzerAsync(
            source,
            Expect(0, "Client.Fire", "void", " (no result)"),
            Expect(1, "Client.FireAsync", "System.Threading.Tasks.Task", " (no result)"),
            Expect(2, "Client.FireValueAsync", "System.Threading.Tasks.ValueTask", " (no result)"),
            Expect(3, "Client.Text", "string", string.Empty),
            Expect(4, "Client.ReplyAsync", "System.Threading.Tasks.Task<Reply>", string.Empty),
            Expect(5, "Client.StreamAsync", "System.Collections.Generic.IAsyncEnumerable<Microsoft.Extensions.AI.ChatResponseUpdate>", " (a stream of updates reports usage in its last update, which a wrapper of the call does not see; build the chat client with UseNumAgentsInstrumentation(), or return the ChatResponse that ToChatResponseAsync() makes of the updates)"),
            Expect(6, "Client.Untyped", "object", string.Empty),
            Expect(7, "Client.Many", "System.Collections.Generic.List<Microsoft.Extensions.AI.ChatResponse>", string.Empty));
    }

    [Fact]
    public async Task Every_result_the_generated_code_reads_stays_silent()
    {
        const string source = """
            using System.Threading.Tasks;
            using Microsoft.Extensions.AI;
            using NumAgents.Instrumentation;

            public sealed class Answer : ITokenUsageReport
            {
                public TokenUsage? TokenUsage => null;
                public string? ModelId => null;
            }

            public readonly struct Estimate : ITokenUsageReport
            {
                TokenUsage? ITokenUsageReport.TokenUsage => null;
                string? ITokenUsageReport.ModelId => null;
            }

            public sealed class PlanResponse : ChatResponse
            {
            }

            public class Client
            {
                [LlmCall] public ChatResponse Ask() => new();
                [LlmCall] public Task<ChatResponse?> AskAsync() => Task.FromResult<ChatResponse?>(null);
                [LlmCall] public ValueTask<PlanResponse> PlanAsync() => new(new PlanResponse());
                [LlmCall] public UsageDetails Count() => new();
                [LlmCall] public Task<Answer> AnswerAsync() => Task.FromResult(new Answer());
                [LlmCall] public Estimate Local() => default;
                [LlmCall] public Estimate? MaybeLocal() => null;
                [LlmCall] public ITokenUsageReport Report() => new Answer();
                [LlmCall] public TokenUsage Guess() => default;
                [LlmCall] public ValueTask<TokenUsage?> MaybeGuessAsync() => default;
                [LlmCall] public TResponse Generic<TResponse>() where TResponse : ChatResponse, new() => new();
                [LlmCall] public TReport Relay<TReport>(TReport report) where TReport : ITokenUsageReport => report;

                // Not an LLM call: nothing to read.
                [Traced] public string Other() => "";
            }
            """;

        await Verify<LlmCallUsageAnalyzer>.AnalyzerAsync(source);
    }

    [Fact]
    public async Task An_LlmCall_the_generator_ignores_is_left_to_NAI0022()
    {
        const string source = """
            using NumAgents.Instrumentation;

            public class Client
            {
                [LlmCall, Tool] public string Both() => "";
            }
            """;

        await Verify<LlmCallUsageAnalyzer>.AnalyzerAsync(source);
    }

    [Fact]
    public void The_message_says_what_is_readable()
        => Assert.Contains(TokenUsageRules.Readable, LlmCallUsageAnalyzer.Rule.MessageFormat.ToString(), StringComparison.Ordinal);

    private static DiagnosticResult Expect(int location, string method, string type, string hint)
        => new DiagnosticResult(LlmCallUsageAnalyzer.Rule).WithLocation(location).WithArguments(method, type, hint);
}
