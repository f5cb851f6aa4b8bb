using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace NumAgents.Instrumentation.Hosting.Tests.App;

/// <summary>
/// A deterministic chat model (no network): the first call asks for the <c>get_weather</c> tool, the call
/// that carries the tool's result answers with it. Reports token usage like a real provider.
/// </summary>
public sealed class ScriptedChatClient : IChatClient
{
    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var history = messages.ToList();
        var toolResult = history.SelectMany(m => m.Contents).OfType<FunctionResultContent>().LastOrDefault();
        var message = toolResult is null
            ? new ChatMessage(ChatRole.Assistant, [new FunctionCallContent("call_1", "get_weather", new Dictionary<string, object?> { ["city"] = "Paris" })])
            : new ChatMessage(ChatRole.Assistant, "Forecast: " + toolResult.Result);
        return Task.FromResult(new ChatResponse(message)
        {
            ModelId = "scripted-1",
            Usage = new UsageDetails { InputTokenCount = 40 + history.Count, OutputTokenCount = 7, TotalTokenCount = 47 + history.Count },
        });
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var response = await GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        foreach (var update in response.ToChatResponseUpdates()) yield return update;
    }

    public object? GetService(Type serviceType, object? serviceKey = null)
        => serviceType == typeof(ChatClientMetadata) ? new ChatClientMetadata("scripted", new Uri("http://localhost/"), "scripted-1") : null;

    public void Dispose()
    {
    }
}
