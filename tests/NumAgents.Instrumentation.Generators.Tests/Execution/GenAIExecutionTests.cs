using Microsoft.Extensions.Time.Testing;
using NumAgents.Core;
using NumAgents.Instrumentation.Generated;
using NumAgents.Instrumentation.Generators.Tests.Infrastructure;

namespace NumAgents.Instrumentation.Generators.Tests.Execution;

/// <summary>
/// GenAI methods and node classes (issue 14) compiled with the generator and run through the public API: the
/// conventions' span names, kinds and attributes, usage read from every kind of result and rolled up, tool call ids,
/// span attributes kept out of metrics, and counter units.
/// </summary>
/// <remarks>
/// One piece although it is long: every test runs code of the one source below, compiled once by the class fixture (a
/// compilation with the generator is the slow part); splitting the tests would split or repeat it.
/// </remarks>
public sealed class GenAIExecutionTests : IClassFixture<GenAIExecutionTests.Compiled>
{
    private const string Source = """
        using System;
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.Extensions.AI;
        using NumAgents.Core;
        using NumAgents.Instrumentation;

        namespace Exec.GenAI;

        public sealed record Plan(string Goal);

        public sealed class Answer : ITokenUsageReport
        {
            public TokenUsage? TokenUsage { get; init; }

            public string? ModelId { get; init; }
        }

        public readonly struct Estimate(long input, long output) : ITokenUsageReport
        {
            TokenUsage? ITokenUsageReport.TokenUsage => new TokenUsage(input, output);

            string? ITokenUsageReport.ModelId => "estimator";
        }

        public sealed class Assistant
        {
            public static ChatResponse Response() => new(new ChatMessage(ChatRole.Assistant, "ok"))
            {
                ModelId = "gpt-4o-mini-2024-07-18",
                Usage = new UsageDetails { InputTokenCount = 100, OutputTokenCount = 20, CachedInputTokenCount = 40, ReasoningTokenCount = 5 },
            };

            [LlmCall(Provider = "openai", Model = "gpt-4o-mini")]
            public async Task<ChatResponse> AskAsync(string question, [SpanAttribute] string conversationId)
            {
                await Task.Yield();
                return Response();
            }

            [LlmCall(Provider = "openai", Model = "gpt-4o-mini")]
            public Task<ChatResponse> AskNowAsync(string question) => Task.FromResult(Response());

            [LlmCall(Provider = "openai", Model = "gpt-4o-mini", Operation = "text_completion")]
            public async ValueTask<ChatResponse<Plan>> PlanAsync(string goal)
            {
                await Task.Yield();
                return new ChatResponse<Plan>(Response(), System.Text.Json.JsonSerializerOptions.Default);
            }

            [LlmCall(Provider = "openai", Model = "gpt-4o-mini")]
            public ValueTask<ChatResponse> PlanNowAsync(string goal) => new(Response());

            [LlmCall(Model = "local")]
            public UsageDetails Count(string text) => new() { InputTokenCount = 7, OutputTokenCount = 2, CachedInputTokenCount = 3, ReasoningTokenCount = 1 };

            [LlmCall(Provider = "fake", Model = "gpt-4o-mini")]
            public Task<Answer?> AnswerAsync(bool empty) => Task.FromResult(empty ? null : new Answer { TokenUsage = new TokenUsage(11, 4), ModelId = "gpt-4o-mini" });

            [LlmCall(Model = "estimator"), Counted("estimates")]
            public Estimate EstimateLocally(int input) => new(input, 1);

            [LlmCall(Model = "estimator")]
            public Estimate? MaybeEstimate(bool some) => some ? new Estimate(2, 2) : null;

            [LlmCall(Model = "gpt-4o-mini")]
            public TokenUsage Guess() => new(30, 6);

            [LlmCall(Model = "gpt-4o-mini")]
            public TokenUsage? MaybeGuess(bool some) => some ? new TokenUsage(1, 1) : null;

            [LlmCall(Model = "gpt-4o-mini")]
            public Task<ChatResponse?> NothingAsync() => Task.FromResult<ChatResponse?>(null);

            [LlmCall(Model = "gpt-4o-mini")]
            public Task<ChatResponse> FailAsync() => Task.FromException<ChatResponse>(new TimeoutException("slow model"));

            [Tool("get_weather", Description = "The weather in a city")]
            public string Weather(string city, [ToolCallId] string callId, [SpanAttribute("gen_ai.conversation.id")] string conversation) => city + ": sunny";

            [Tool(Type = "extension"), Traced("tools.search"), Counted("tool.searches")]
            public string Search([Label] string index, [SpanAttribute] string query, [ToolCallId] string? callId) => index + query;

            [Agent("planner", Id = "agent-1", Description = "Plans the steps")]
            public string Think(string goal) => goal;

            [Agent]
            public string Reflect() => "ok";

            [Retrieval("docs")]
            public IReadOnlyList<string> Retrieve(string query) => [query];

            [Counted("documents.fetched", Unit = "{document}")]
            public void Fetch()
            {
            }
        }

        public static class Calls
        {
            public static Task<ChatResponse> Ask(Assistant a, string question, string conversation) => a.AskAsync(question, conversation);

            public static Task<ChatResponse> AskNow(Assistant a) => a.AskNowAsync("now");

            public static ValueTask<ChatResponse<Plan>> Plan(Assistant a) => a.PlanAsync("trip");

            public static ValueTask<ChatResponse> PlanNow(Assistant a) => a.PlanNowAsync("trip");

            public static UsageDetails Count(Assistant a) => a.Count("text");

            public static Task<Answer?> Answer(Assistant a, bool empty) => a.AnswerAsync(empty);

            public static Estimate EstimateLocally(Assistant a, int input) => a.EstimateLocally(input);

            public static Estimate? MaybeEstimate(Assistant a, bool some) => a.MaybeEstimate(some);

            public static TokenUsage Guess(Assistant a) => a.Guess();

            public static TokenUsage? MaybeGuess(Assistant a, bool some) => a.MaybeGuess(some);

            public static Task<ChatResponse?> Nothing(Assistant a) => a.NothingAsync();

            public static Task<ChatResponse> Fail(Assistant a) => a.FailAsync();

            public static string Weather(Assistant a, string callId) => a.Weather("Paris", callId, "conv-1");

            public static string Search(Assistant a, string query) => a.Search("web", query, null);

            public static string Think(Assistant a) => a.Think("goal");

            public static string Reflect(Assistant a) => a.Reflect();

            public static IReadOnlyList<string> Retrieve(Assistant a) => a.Retrieve("query");

            public static void Fetch(Assistant a) => a.Fetch();

            public static void EstimateRepeatedly(object a, int times)
            {
                var assistant = (Assistant)a;
                for (var i = 0; i < times; i++) assistant.EstimateLocally(3);
            }
        }

        [Agent(Id = "assistant-1", Description = "Answers questions")]
        public partial class AssistantNode : AsyncNode
        {
            [SpanAttribute]
            public string? ConversationId { get; set; }

            [Label]
            public string Tier { get; set; } = "free";

            protected override async Task<NodeResult> ExecAsync(SharedStore shared, CancellationToken cancellationToken)
            {
                var assistant = new Assistant();
                await assistant.AskAsync("hi", ConversationId ?? "none");
                assistant.Guess();
                return new();
            }
        }

        [Tool("calculator"), Counted(Unit = "{run}")]
        public sealed partial class CalculatorNode : Node
        {
            protected override NodeResult Exec(SharedStore shared) => new();
        }

        [Counted]
        public sealed partial class PlainCountedNode : Node
        {
            protected override NodeResult Exec(SharedStore shared) => new();
        }

        [Retrieval("kb"), Traced("retrieve.kb"), Counted("kb.lookups")]
        public sealed partial class KnowledgeNode : Node
        {
            public static int QueryReads;

            [SpanAttribute]
            public string Query
            {
                get
                {
                    QueryReads++;
                    return "what is a span";
                }
            }

            protected override NodeResult Exec(SharedStore shared) => new();
        }
        """;

    private readonly Compiled _compiled;

    public GenAIExecutionTests(Compiled compiled)
    {
        _compiled = compiled;
    }

    [Fact]
    public async Task Without_the_conventions_span_names_the_contract_names_stay_and_spans_carry_the_conventions_attributes()
    {
        var monitor = NewMonitor(useGenAISpanNames: false);
        await RunEverything(monitor);
        var spans = monitor.Tracer.GetAllSpans();

        var think = spans.Single(s => s.Name == "Assistant.Think");
        Assert.Equal(SpanKind.Internal, think.Kind);
        AssertAttributes(think, ("class", "Assistant"), ("method", "Think"), (GenAIConventions.OperationName, "invoke_agent"), (GenAIConventions.AgentName, "planner"), (GenAIConventions.AgentId, "agent-1"), (GenAIConventions.AgentDescription, "Plans the steps"));

        // No name given: the method's.
        AssertAttributes(spans.Single(s => s.Name == "Assistant.Reflect"), (GenAIConventions.OperationName, "invoke_agent"), (GenAIConventions.AgentName, "Reflect"));

        var weather = spans.Single(s => s.Name == "Assistant.Weather");
        Assert.Equal(SpanKind.Internal, weather.Kind);
        AssertAttributes(weather, (GenAIConventions.OperationName, "execute_tool"), (GenAIConventions.ToolName, "get_weather"), (GenAIConventions.ToolType, "function"), (GenAIConventions.ToolDescription, "The weather in a city"), (GenAIConventions.ToolCallId, "call-1"), ("gen_ai.conversation.id", "conv-1"));

        // [Traced("tools.search")] names the span; the tool is named after the method.
        AssertAttributes(spans.Single(s => s.Name == "tools.search"), (GenAIConventions.OperationName, "execute_tool"), (GenAIConventions.ToolName, "Search"), (GenAIConventions.ToolType, "extension"), ("index", "web"), ("query", "rain"));
        Assert.DoesNotContain(GenAIConventions.ToolCallId, spans.Single(s => s.Name == "tools.search").Attributes.Keys);

        AssertAttributes(spans.Single(s => s.Name == "Assistant.Retrieve"), (GenAIConventions.OperationName, "retrieval"), (GenAIConventions.DataSourceId, "docs"));

        var count = spans.Single(s => s.Name == "Assistant.Count");
        Assert.Equal(SpanKind.Client, count.Kind);
        AssertAttributes(count, (GenAIConventions.OperationName, "chat"), (GenAIConventions.RequestModel, "local"));
        Assert.DoesNotContain(GenAIConventions.ProviderName, count.Attributes.Keys);
        AssertAttributes(spans.Single(s => s.Name == "Assistant.PlanAsync"), (GenAIConventions.OperationName, "text_completion"), (GenAIConventions.ProviderName, "openai"), (GenAIConventions.RequestModel, "gpt-4o-mini"));
        Assert.Equal(SpanKind.Client, spans.Single(s => s.Name == "Assistant.PlanAsync").Kind);

        var agentNode = spans.Single(s => s.Name == "node.AssistantNode");
        Assert.Equal(SpanKind.Internal, agentNode.Kind);
        AssertAttributes(agentNode, ("node", "AssistantNode"), ("tier", "free"), ("conversation_id", "conv-9"), (GenAIConventions.OperationName, "invoke_agent"), (GenAIConventions.AgentName, "AssistantNode"), (GenAIConventions.AgentId, "assistant-1"), (GenAIConventions.AgentDescription, "Answers questions"));
        AssertAttributes(spans.Single(s => s.Name == "node.CalculatorNode"), (GenAIConventions.OperationName, "execute_tool"), (GenAIConventions.ToolName, "calculator"), (GenAIConventions.ToolType, "function"));
        AssertAttributes(spans.Single(s => s.Name == "retrieve.kb"), ("node", "KnowledgeNode"), ("query", "what is a span"), (GenAIConventions.OperationName, "retrieval"), (GenAIConventions.DataSourceId, "kb"));
    }

    [Fact]
    public async Task With_the_conventions_span_names_spans_are_named_by_operation_and_name()
    {
        var monitor = NewMonitor(useGenAISpanNames: true);
        await RunEverything(monitor);
        var names = monitor.Tracer.GetAllSpans().Select(s => s.Name).ToHashSet(StringComparer.Ordinal);

        Assert.Superset(
            new HashSet<string>(StringComparer.Ordinal)
            {
                "invoke_agent planner", "invoke_agent Reflect", "execute_tool get_weather", "retrieval docs", "chat local", "chat gpt-4o-mini",
                "text_completion gpt-4o-mini", "chat estimator", "invoke_agent AssistantNode", "execute_tool calculator",
            },
            names);

        // The conventions' names replace the contract's defaults; a name the user gave in [Traced("name")] stays.
        Assert.Contains("tools.search", names);
        Assert.Contains("retrieve.kb", names);
        Assert.DoesNotContain("execute_tool Search", names);
        Assert.DoesNotContain("retrieval kb", names);
        Assert.DoesNotContain("Assistant.Think", names);
        Assert.DoesNotContain("node.AssistantNode", names);
    }

    [Fact]
    public async Task Usage_from_a_ChatResponse_is_recorded_on_the_span_priced_and_counted_through_a_pending_and_a_completed_task()
    {
        var monitor = NewMonitor(useGenAISpanNames: false);
        var assistant = _compiled.Assembly.Create<object>("Exec.GenAI.Assistant");
        using (AgentMonitor.Use(monitor))
        {
            await Call<Task>(assistant, "Ask", "hello", "conv-1");
            await Call<Task>(assistant, "AskNow");
        }

        var spans = monitor.Tracer.GetAllSpans().Where(s => s.Name.StartsWith("Assistant.Ask", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, spans.Count);

        // gpt-4o-mini*: 0.15 input, 0.60 output, 0.075 cached per million; 60 input tokens are not cached.
        var cost = (60 * 0.15 + 20 * 0.60 + 40 * 0.075) / 1_000_000;
        foreach (var span in spans)
        {
            Assert.Equal(SpanStatus.Ok, span.Status);
            AssertAttributes(span, (GenAIConventions.UsageInputTokens, 100L), (GenAIConventions.UsageOutputTokens, 20L), (GenAIConventions.UsageCachedInputTokens, 40L), (GenAIConventions.UsageReasoningTokens, 5L), (GenAIConventions.ResponseModel, "gpt-4o-mini-2024-07-18"), (GenAIConventions.UsageCostCurrency, "USD"));
            Assert.Equal(cost, (double)span.Attributes[GenAIConventions.UsageCost]!, 12);
        }

        AssertAttributes(spans.Single(s => s.Name == "Assistant.AskAsync"), ("conversation_id", "conv-1"));

        var statistics = monitor.GetStatistics();
        Assert.Equal(new TokenUsage(200, 40, 80, 10), statistics.TokenUsage);
        Assert.Equal(2, statistics.LlmCalls);
        Assert.Equal(2 * cost, Assert.Single(statistics.Costs).Total, 12);

        // The conventions' histogram with bounded labels: no node here, no conversation ever.
        var input = monitor.Metrics.GetHistogramStats(GenAIConventions.TokenUsageMetric, [(GenAIConventions.OperationName, "chat"), (GenAIConventions.ProviderName, "openai"), (GenAIConventions.RequestModel, "gpt-4o-mini"), (GenAIConventions.TokenType, "input"), ("node", "")]);
        Assert.Equal(2, input.Count);
        Assert.Equal(200, input.Sum);
        Assert.Equal(40, monitor.Metrics.GetHistogramStats(GenAIConventions.TokenUsageMetric, [(GenAIConventions.OperationName, "chat"), (GenAIConventions.ProviderName, "openai"), (GenAIConventions.RequestModel, "gpt-4o-mini"), (GenAIConventions.TokenType, "output"), ("node", "")]).Sum);
        Assert.Equal(2, monitor.Metrics.GetHistogramStats(GenAIConventions.OperationDurationMetric, [(GenAIConventions.OperationName, "chat"), (GenAIConventions.ProviderName, "openai"), (GenAIConventions.RequestModel, "gpt-4o-mini"), ("node", ""), (GenAIConventions.ErrorType, "")]).Count);
        Assert.DoesNotContain(monitor.Metrics.GetAllMetrics().Values.SelectMany(series => series), m => m.Labels.ContainsKey("conversation_id") || m.Labels.Values.Contains("conv-1"));
    }

    [Fact]
    public async Task Usage_is_read_through_a_ValueTask_pending_or_completed_and_from_a_ChatResponse_of_T()
    {
        var monitor = NewMonitor(useGenAISpanNames: false);
        var assistant = _compiled.Assembly.Create<object>("Exec.GenAI.Assistant");
        using (AgentMonitor.Use(monitor))
        {
            await Await(Call<object>(assistant, "Plan"));
            var response = await Await(Call<object>(assistant, "PlanNow"));

            // A completed ValueTask's result is read once by the generated code; the caller still gets it.
            Assert.Equal("gpt-4o-mini-2024-07-18", response!.GetType().GetProperty("ModelId")!.GetValue(response));
        }

        Assert.Equal(new TokenUsage(200, 40, 80, 10), monitor.GetStatistics().TokenUsage);
        AssertAttributes(monitor.Tracer.GetAllSpans().Single(s => s.Name == "Assistant.PlanAsync"), (GenAIConventions.UsageInputTokens, 100L), (GenAIConventions.ResponseModel, "gpt-4o-mini-2024-07-18"));
        AssertAttributes(monitor.Tracer.GetAllSpans().Single(s => s.Name == "Assistant.PlanNowAsync"), (GenAIConventions.UsageOutputTokens, 20L));
    }

    [Fact]
    public async Task Usage_is_read_from_UsageDetails_a_report_class_struct_and_nullable_struct_and_TokenUsage()
    {
        var monitor = NewMonitor(useGenAISpanNames: false);
        var assistant = _compiled.Assembly.Create<object>("Exec.GenAI.Assistant");
        using (AgentMonitor.Use(monitor))
        {
            Call<object>(assistant, "Count");
            await Call<Task>(assistant, "Answer", false);
            Call<object>(assistant, "EstimateLocally", 9);
            Call<object>(assistant, "MaybeEstimate", true);
            Call<TokenUsage>(assistant, "Guess");
            Call<TokenUsage?>(assistant, "MaybeGuess", true);
        }

        var spans = monitor.Tracer.GetAllSpans();
        AssertAttributes(spans.Single(s => s.Name == "Assistant.Count"), (GenAIConventions.UsageInputTokens, 7L), (GenAIConventions.UsageOutputTokens, 2L), (GenAIConventions.UsageCachedInputTokens, 3L), (GenAIConventions.UsageReasoningTokens, 1L));
        Assert.DoesNotContain(GenAIConventions.ResponseModel, spans.Single(s => s.Name == "Assistant.Count").Attributes.Keys);
        AssertAttributes(spans.Single(s => s.Name == "Assistant.AnswerAsync"), (GenAIConventions.UsageInputTokens, 11L), (GenAIConventions.UsageOutputTokens, 4L), (GenAIConventions.ResponseModel, "gpt-4o-mini"));
        AssertAttributes(spans.Single(s => s.Name == "Assistant.EstimateLocally"), (GenAIConventions.UsageInputTokens, 9L), (GenAIConventions.UsageOutputTokens, 1L), (GenAIConventions.ResponseModel, "estimator"));
        AssertAttributes(spans.Single(s => s.Name == "Assistant.MaybeEstimate"), (GenAIConventions.UsageInputTokens, 2L), (GenAIConventions.ResponseModel, "estimator"));
        AssertAttributes(spans.Single(s => s.Name == "Assistant.Guess"), (GenAIConventions.UsageInputTokens, 30L), (GenAIConventions.UsageOutputTokens, 6L));
        AssertAttributes(spans.Single(s => s.Name == "Assistant.MaybeGuess"), (GenAIConventions.UsageInputTokens, 1L));

        var statistics = monitor.GetStatistics();
        Assert.Equal(new TokenUsage(7 + 11 + 9 + 2 + 30 + 1, 2 + 4 + 1 + 2 + 6 + 1, 3, 1), statistics.TokenUsage);
        Assert.Equal(6, statistics.LlmCalls);

        // Priced by the model that answered, else the requested one (gpt-4o-mini for the report and both TokenUsage
        // calls); "local" and "estimator" have no price and are counted.
        Assert.Equal(3, statistics.UnpricedLlmCalls);
        Assert.Equal(((11 * 0.15) + (4 * 0.60) + (30 * 0.15) + (6 * 0.60) + (1 * 0.15) + (1 * 0.60)) / 1_000_000, Assert.Single(statistics.Costs).Total, 12);
    }

    [Fact]
    public async Task A_null_result_or_a_failure_records_no_usage()
    {
        var monitor = NewMonitor(useGenAISpanNames: false);
        var assistant = _compiled.Assembly.Create<object>("Exec.GenAI.Assistant");
        using (AgentMonitor.Use(monitor))
        {
            Assert.Null(await Await(Call<object>(assistant, "Nothing")));
            Assert.Null(await Await(Call<object>(assistant, "Answer", true)));
            Assert.Null(Call<object?>(assistant, "MaybeEstimate", false));
            Assert.Null(Call<TokenUsage?>(assistant, "MaybeGuess", false));
            await Assert.ThrowsAsync<TimeoutException>(() => Call<Task>(assistant, "Fail"));
        }

        var statistics = monitor.GetStatistics();
        Assert.Equal(default, statistics.TokenUsage);
        Assert.Equal(0, statistics.LlmCalls);
        Assert.Empty(monitor.Metrics.GetMetric(GenAIConventions.TokenUsageMetric));

        var spans = monitor.Tracer.GetAllSpans();
        Assert.Equal(5, spans.Count);
        Assert.All(spans, span => Assert.DoesNotContain(GenAIConventions.UsageInputTokens, span.Attributes.Keys));
        var failed = spans.Single(s => s.Name == "Assistant.FailAsync");
        Assert.Equal(SpanStatus.Error, failed.Status);
        AssertAttributes(failed, (GenAIConventions.ErrorType, "System.TimeoutException"));

        // The failed call's duration is recorded with its error type.
        Assert.Equal(1, monitor.Metrics.GetHistogramStats(GenAIConventions.OperationDurationMetric, [(GenAIConventions.OperationName, "chat"), (GenAIConventions.ProviderName, ""), (GenAIConventions.RequestModel, "gpt-4o-mini"), ("node", ""), (GenAIConventions.ErrorType, "System.TimeoutException")]).Count);
    }

    [Fact]
    public async Task Usage_of_calls_inside_an_agent_node_rolls_up_to_its_span_and_the_node_labels_the_histogram()
    {
        var monitor = NewMonitor(useGenAISpanNames: false);
        var node = _compiled.Assembly.Create<Node>("Exec.GenAI.AssistantNode");
        node.GetType().GetProperty("ConversationId")!.SetValue(node, "conv-9");
        using (AgentMonitor.Use(monitor))
        {
            await node.RunAsync(new SharedStore());
        }

        var spans = monitor.Tracer.GetAllSpans();
        var nodeSpan = spans.Single(s => s.Name == "node.AssistantNode");
        var ask = spans.Single(s => s.Name == "Assistant.AskAsync");
        var guess = spans.Single(s => s.Name == "Assistant.Guess");
        Assert.Equal(nodeSpan.SpanId, ask.ParentSpanId);
        Assert.Equal(nodeSpan.SpanId, guess.ParentSpanId);
        AssertAttributes(ask, ("conversation_id", "conv-9"));

        // 100 + 30 input, 20 + 6 output; both priced as gpt-4o-mini.
        AssertAttributes(nodeSpan, (GenAIConventions.UsageInputTokens, 130L), (GenAIConventions.UsageOutputTokens, 26L), (GenAIConventions.UsageCachedInputTokens, 40L), (GenAIConventions.UsageReasoningTokens, 5L));
        var cost = ((60 * 0.15) + (20 * 0.60) + (40 * 0.075) + (30 * 0.15) + (6 * 0.60)) / 1_000_000;
        Assert.Equal(cost, (double)nodeSpan.Attributes[GenAIConventions.UsageCost]!, 12);
        Assert.Equal(new TokenUsage(130, 26, 40, 5), monitor.GetStatistics().TokenUsage);

        var input = monitor.Metrics.GetHistogramStats(GenAIConventions.TokenUsageMetric, [(GenAIConventions.OperationName, "chat"), (GenAIConventions.ProviderName, "openai"), (GenAIConventions.RequestModel, "gpt-4o-mini"), (GenAIConventions.TokenType, "input"), ("node", "AssistantNode")]);
        Assert.Equal(100, input.Sum);
        Assert.Equal(30, monitor.Metrics.GetHistogramStats(GenAIConventions.TokenUsageMetric, [(GenAIConventions.OperationName, "chat"), (GenAIConventions.ProviderName, ""), (GenAIConventions.RequestModel, "gpt-4o-mini"), (GenAIConventions.TokenType, "input"), ("node", "AssistantNode")]).Sum);
        Assert.Equal(cost, monitor.Metrics.GetCounterValue(GenAIConventions.CostMetric, [(GenAIConventions.RequestModel, "gpt-4o-mini"), ("node", "AssistantNode"), ("currency", "USD")]), 12);
    }

    [Fact]
    public void Span_attributes_and_tool_call_ids_are_on_the_span_and_never_metric_labels()
    {
        var monitor = NewMonitor(useGenAISpanNames: false);
        var assistant = _compiled.Assembly.Create<object>("Exec.GenAI.Assistant");
        using (AgentMonitor.Use(monitor))
        {
            Call<string>(assistant, "Weather", "call-1");
            Call<string>(assistant, "Weather", "call-2");
            Call<string>(assistant, "Search", "rain");
            Call<string>(assistant, "Search", "snow");
        }

        var weather = monitor.Tracer.GetAllSpans().Where(s => s.Name == "Assistant.Weather").ToList();
        Assert.Equal(["call-1", "call-2"], weather.Select(s => (string)s.Attributes[GenAIConventions.ToolCallId]!));
        Assert.Equal(["rain", "snow"], monitor.Tracer.GetAllSpans().Where(s => s.Name == "tools.search").Select(s => (string)s.Attributes["query"]!));

        // Two queries, one series: the [Label] splits the counter, the [SpanAttribute] does not.
        var series = Assert.Single(monitor.Metrics.GetMetric("tool.searches"));
        Assert.Equal(2, series.Value);
        Assert.Equal(["class", "index", "method", "outcome"], series.Labels.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_span_attribute_is_read_once_per_recorded_execution_and_not_at_all_when_the_span_is_not_recorded()
    {
        var node = _compiled.Assembly.Create<Node>("Exec.GenAI.KnowledgeNode");
        var reads = _compiled.Assembly.Type("Exec.GenAI.KnowledgeNode").GetField("QueryReads")!;
        var traced = NewMonitor(useGenAISpanNames: false);
        var before = (int)reads.GetValue(null)!;
        using (AgentMonitor.Use(traced))
        {
            node.Run(new SharedStore());
            node.Run(new SharedStore());
        }

        Assert.Equal(before + 2, (int)reads.GetValue(null)!);
        Assert.All(traced.Tracer.GetAllSpans(), span => Assert.Equal("what is a span", span.Attributes["query"]));

        // Metrics only: the node is counted, and its span attribute is never read.
        var untraced = new AgentMonitor(new MonitorOptions { ServiceName = "genai", EnableLogging = false, EnableTracing = false });
        using (AgentMonitor.Use(untraced))
        {
            node.Run(new SharedStore());
        }

        Assert.Equal(before + 2, (int)reads.GetValue(null)!);
        Assert.Equal(1, untraced.Metrics.GetCounterValue("kb.lookups", [("node", "KnowledgeNode"), ("outcome", "success")]));
        Assert.Equal(["node", "outcome"], Assert.Single(traced.Metrics.GetMetric("kb.lookups")).Labels.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_counter_unit_reaches_the_counter()
    {
        var monitor = NewMonitor(useGenAISpanNames: false);
        var assistant = _compiled.Assembly.Create<object>("Exec.GenAI.Assistant");
        var node = _compiled.Assembly.Create<Node>("Exec.GenAI.CalculatorNode");
        using (AgentMonitor.Use(monitor))
        {
            Call<object?>(assistant, "Fetch");
            node.Run(new SharedStore());
        }

        Assert.Equal("{document}", Assert.Single(monitor.Metrics.GetMetric("documents.fetched")).Unit);
        Assert.Equal("{run}", Assert.Single(monitor.Metrics.GetMetric("nodes.executed")).Unit);
        Assert.Equal(0, monitor.GetStatistics().InstrumentationErrors);
    }

    [Fact]
    public void The_first_use_of_a_shared_counter_decides_its_unit_and_a_unit_after_none_is_contained()
    {
        var monitor = NewMonitor(useGenAISpanNames: false);
        using (AgentMonitor.Use(monitor))
        {
            _compiled.Assembly.Create<Node>("Exec.GenAI.PlainCountedNode").Run(new SharedStore());
            var calculator = _compiled.Assembly.Create<Node>("Exec.GenAI.CalculatorNode");
            calculator.Run(new SharedStore());
        }

        // nodes.executed has no unit: the calculator's "{run}" is refused, its span is still recorded.
        Assert.Null(Assert.Single(monitor.Metrics.GetMetric("nodes.executed")).Unit);
        Assert.Equal(1, monitor.GetStatistics().InstrumentationErrors);
        Assert.Single(monitor.Tracer.GetAllSpans(), s => s.Name == "node.CalculatorNode");
    }

    [Fact]
    public void Reading_a_struct_report_allocates_nothing_beyond_what_the_runtime_allocates_for_the_same_record()
    {
        // Tracing off, so the spans' retention does not vary between the two loops; the counter keeps the binding enabled
        // (without a span, timer or counter a binding records nothing, usage included: see the report).
        const int Calls = 300;
        var monitor = new AgentMonitor(new MonitorOptions { ServiceName = "genai", EnableLogging = false, EnableTracing = false });
        var assistant = _compiled.Assembly.Create<object>("Exec.GenAI.Assistant");
        var generated = _compiled.Assembly.Method<Action<object, int>>("Exec.GenAI.Calls", "EstimateRepeatedly");

        // The same record written by hand against the runtime: a site like the generated one, the usage passed as a value.
        var site = new InstrumentationSite { ClassName = "Assistant", MethodName = "EstimateLocally", Traced = true, SpanName = "Assistant.EstimateLocally", GenAIOperation = GenAIConventions.Chat, RequestModel = "estimator", CounterName = "estimates" };
        void ByHand(int times)
        {
            for (var i = 0; i < times; i++)
            {
                var call = site.Resolve(AgentMonitor.Current).Start();
                call.RecordTokenUsage(new TokenUsage(3, 1), "estimator");
                call.Succeeded();
            }
        }

        // Past the token histograms' exact samples (whose buffer grows until then) before anything is measured.
        const int WarmUp = HistogramHandle.ExactSampleLimit + 10;
        using (AgentMonitor.Use(monitor))
        {
            generated(assistant, WarmUp);
            ByHand(WarmUp);
            var generatedBytes = Allocated(() => generated(assistant, Calls));
            var byHandBytes = Allocated(() => ByHand(Calls));
            Assert.True(generatedBytes <= byHandBytes, $"generated {generatedBytes} B for {Calls} calls, by hand {byHandBytes} B");
        }

        Assert.Equal(new TokenUsage(3 * 2 * (WarmUp + Calls), 2 * (WarmUp + Calls)), monitor.GetStatistics().TokenUsage);
    }

    private async Task RunEverything(AgentMonitor monitor)
    {
        var assistant = _compiled.Assembly.Create<object>("Exec.GenAI.Assistant");
        using (AgentMonitor.Use(monitor))
        {
            Call<string>(assistant, "Think");
            Call<string>(assistant, "Reflect");
            Call<string>(assistant, "Weather", "call-1");
            Call<string>(assistant, "Search", "rain");
            Call<object>(assistant, "Retrieve");
            Call<object>(assistant, "Count");
            Call<object>(assistant, "EstimateLocally", 1);
            await Call<Task>(assistant, "AskNow");
            await Await(Call<object>(assistant, "Plan"));

            var agent = _compiled.Assembly.Create<Node>("Exec.GenAI.AssistantNode");
            agent.GetType().GetProperty("ConversationId")!.SetValue(agent, "conv-9");
            await agent.RunAsync(new SharedStore());
            _compiled.Assembly.Create<Node>("Exec.GenAI.CalculatorNode").Run(new SharedStore());
            _compiled.Assembly.Create<Node>("Exec.GenAI.KnowledgeNode").Run(new SharedStore());
        }
    }

    /// <summary>Calls <c>Exec.GenAI.Calls.{name}</c>, whose calls to the assistant are the intercepted ones.</summary>
    private T Call<T>(object assistant, string name, params object?[] arguments)
    {
        var method = _compiled.Assembly.Type("Exec.GenAI.Calls").GetMethod(name)!;
        try
        {
            return (T)method.Invoke(null, [assistant, .. arguments])!;
        }
        catch (System.Reflection.TargetInvocationException exception) when (exception.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(exception.InnerException).Throw();
            throw;
        }
    }

    private static void AssertAttributes(Span span, params (string Key, object Value)[] expected)
    {
        foreach (var (key, value) in expected)
        {
            Assert.True(span.Attributes.TryGetValue(key, out var actual), $"span '{span.Name}' has no attribute '{key}'");
            Assert.Equal(value, actual);
        }
    }

    private static long Allocated(Action action)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        action();
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    /// <summary>Awaits a Task or ValueTask of the compiled assembly and returns its result, if it has one.</summary>
    private static async Task<object?> Await(object awaitable)
    {
        var task = awaitable as Task ?? (Task)awaitable.GetType().GetMethod("AsTask")!.Invoke(awaitable, null)!;
        await task;
        return task.GetType().IsGenericType ? task.GetType().GetProperty("Result")!.GetValue(task) : null;
    }

    private static AgentMonitor NewMonitor(bool useGenAISpanNames) => new(new MonitorOptions
    {
        ServiceName = "genai",
        EnableLogging = false,
        TimeProvider = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero)),
        UseGenAISpanNames = useGenAISpanNames,
        CollectedActivitySources = [],
        ModelPrices = { ["gpt-4o-mini*"] = new ModelPrice { InputPerMillion = 0.15, OutputPerMillion = 0.60, CachedInputPerMillion = 0.075 } },
    });

    public sealed class Compiled : IDisposable
    {
        internal CompiledAssembly Assembly { get; } = CompiledAssembly.Compile(Source);

        public void Dispose() => Assembly.Dispose();
    }
}
