namespace NumAgents.Instrumentation.Generators.Tests;

/// <summary>
/// Sources with the GenAI attributes (issue 14): agents, tools, LLM calls and retrievals as methods and node classes,
/// every result that carries token usage, <c>[ToolCallId]</c>, <c>[SpanAttribute]</c> and <c>[Counted(Unit)]</c>.
/// </summary>
internal static partial class Sources
{
    public const string GenAI = """
        using System;
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.Extensions.AI;
        using NumAgents.Core;
        using NumAgents.Instrumentation;

        namespace Shop.Agents;

        public sealed record Plan(string[] Steps);

        /// <summary>A user type that reports its call's usage.</summary>
        public sealed class Answer : ITokenUsageReport
        {
            public string Text { get; init; } = "";

            public TokenUsage? TokenUsage { get; init; }

            public string? ModelId { get; init; }
        }

        /// <summary>A struct report, read without boxing; its members implemented explicitly.</summary>
        public readonly struct Estimate(long input, long output) : ITokenUsageReport
        {
            TokenUsage? ITokenUsageReport.TokenUsage => new TokenUsage(input, output);

            string? ITokenUsageReport.ModelId => "estimator";
        }

        public sealed class Assistant
        {
            [LlmCall(Provider = "openai", Model = "gpt-4o-mini")]
            public Task<ChatResponse> AskAsync(string question, [SpanAttribute] string conversationId)
                => Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, question)));

            [LlmCall(Provider = "openai", Model = "gpt-4o-mini", Operation = "text_completion")]
            public ValueTask<ChatResponse<Plan>> PlanAsync(string goal)
                => new(new ChatResponse<Plan>(new ChatResponse(), System.Text.Json.JsonSerializerOptions.Default));

            [LlmCall(Model = "local")]
            public UsageDetails Count(string text) => new() { InputTokenCount = text.Length, OutputTokenCount = 1 };

            [LlmCall, Timed("llm.estimate"), Counted]
            public TokenUsage? Guess(string text) => text.Length == 0 ? null : new TokenUsage(text.Length, 1);

            [LlmCall(Provider = "fake")]
            public Task<Answer?> AnswerAsync(string question) => Task.FromResult<Answer?>(new Answer { Text = question });

            [LlmCall]
            public Estimate EstimateLocally(string text) => new(text.Length, 0);

            [LlmCall]
            public Estimate? MaybeEstimate(string text) => null;

            [LlmCall]
            public Task<TResponse> CompleteAsync<TResponse>(string prompt)
                where TResponse : ChatResponse, new()
                => Task.FromResult(new TResponse());

            [LlmCall]
            public TReport Relay<TReport>(TReport report)
                where TReport : ITokenUsageReport
                => report;

            [Tool("get_weather", Description = "The weather in a city")]
            public string Weather(string city, [ToolCallId] string callId, [SpanAttribute("gen_ai.conversation.id")] string conversation)
                => city + ": sunny";

            [Tool(Type = "extension"), Traced("tools.search", ExtraLabels = ["team=search"])]
            public Task<string> SearchAsync([Label] string index, [SpanAttribute] int maxResults, [ToolCallId] string? callId)
                => Task.FromResult(index);

            [Agent("planner", Id = "agent-1", Description = "Plans the steps")]
            public string Think(string goal) => goal;

            [Retrieval("docs"), Counted(Unit = "{document}")]
            public IReadOnlyList<string> Retrieve(string query) => [query];

            public async Task RunAsync()
            {
                await AskAsync("hi", "c-1");
                await PlanAsync("trip");
                Count("text");
                Guess("text");
                await AnswerAsync("why");
                EstimateLocally("text");
                MaybeEstimate("text");
                await CompleteAsync<ChatResponse>("hello");
                Relay(new Estimate(1, 1));
                Weather("Paris", "call-1", "c-1");
                await SearchAsync("web", 3, null);
                Think("goal");
                Retrieve("query");
            }
        }

        [Agent(Id = "assistant-1")]
        public partial class AssistantNode : Node
        {
            [SpanAttribute]
            public string? ConversationId { get; set; }

            [Label]
            public string Model { get; set; } = "gpt-4o-mini";

            protected override NodeResult Exec(SharedStore shared) => new();
        }

        [Tool("calculator"), Timed]
        public sealed partial class CalculatorNode : AsyncNode
        {
            protected override Task<NodeResult> ExecAsync(SharedStore shared, CancellationToken cancellationToken) => Task.FromResult(new NodeResult());
        }

        [Retrieval("kb"), Traced("retrieve.kb")]
        public sealed partial class KnowledgeNode : Node
        {
            [SpanAttribute("gen_ai.request.top_k")]
            public static int TopK { get; set; } = 5;

            protected override NodeResult Exec(SharedStore shared) => new();
        }

        [Counted(Unit = "{run}")]
        public sealed partial class CountedNode : Node
        {
            protected override NodeResult Exec(SharedStore shared) => new();
        }
        """;
}
