using Microsoft.Extensions.AI;
using NumAgents.Instrumentation;

namespace AgentFlow.Services;

/// <summary>
/// The agent's two LLM calls. <see cref="LlmCallAttribute"/> makes each a <c>chat</c> client span: the
/// generator reads the token usage from the returned <see cref="ChatResponse"/> (compiled in, no
/// reflection). The chat client's own <c>chat</c> span (Microsoft.Extensions.AI's <c>UseOpenTelemetry()</c>)
/// nests under it and reports the same usage, which is counted once.
/// </summary>
public sealed class Assistant(IChatClient chat)
{
    private const string PlannerPrompt = "You are a weather assistant. Call get_weather for the city the passages are about.";
    private const string WriterPrompt = "You are a weather assistant. Answer the question from the observation in one sentence.";

    private static readonly AITool WeatherTool = AIFunctionFactory.CreateDeclaration(
        "get_weather",
        "Tomorrow's forecast for a city.",
        System.Text.Json.JsonDocument.Parse("""{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}""").RootElement);

    /// <summary>Asks the model which tool to call for <paramref name="question"/>.</summary>
    [LlmCall(Provider = ScriptedChatModel.Provider, Model = "scripted-large")]
    public Task<ChatResponse> PlanAsync(string question, IReadOnlyList<Document> passages, CancellationToken cancellationToken)
        => chat.GetResponseAsync(
            [
                new(ChatRole.System, PlannerPrompt),
                new(ChatRole.User, question + "\n" + string.Join("\n", passages.Select(p => p.Text))),
            ],
            new ChatOptions { ModelId = "scripted-large", Tools = [WeatherTool] },
            cancellationToken);

    /// <summary>Asks the model to answer <paramref name="question"/> from the tool's observation.</summary>
    [LlmCall(Provider = ScriptedChatModel.Provider, Model = "scripted-mini")]
    public Task<ChatResponse> AnswerAsync(string question, string observation, CancellationToken cancellationToken)
        => chat.GetResponseAsync(
            [
                new(ChatRole.System, WriterPrompt),
                new(ChatRole.User, question),
                new(ChatRole.User, observation),
            ],
            new ChatOptions { ModelId = "scripted-mini" },
            cancellationToken);
}
