using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace NumAgents.Instrumentation.AI.Tests;

/// <summary>
/// A deterministic chat model (no network) that reports usage like a real provider: it answers with
/// <see cref="Reply"/>, or asks for the <c>lookup</c> tool first when <see cref="CallsTool"/> is set, or
/// throws <see cref="Failure"/>.
/// </summary>
public sealed class FakeChatClient : IChatClient
{
    public const string Provider = "fakeai";
    public const string Model = "fake-model";

    public string Reply { get; init; } = "All clear.";

    public bool CallsTool { get; init; }

    public Exception? Failure { get; init; }

    public UsageDetails Usage { get; init; } = new() { InputTokenCount = 120, OutputTokenCount = 30, CachedInputTokenCount = 20, TotalTokenCount = 150 };

    public int Calls { get; private set; }

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        Calls++;
        if (Failure is not null) throw Failure;
        var toolResult = messages.SelectMany(m => m.Contents).OfType<FunctionResultContent>().LastOrDefault();
        var message = CallsTool && toolResult is null
            ? new ChatMessage(ChatRole.Assistant, [new FunctionCallContent("call_7", "lookup", new Dictionary<string, object?> { ["query"] = "status" })])
            : new ChatMessage(ChatRole.Assistant, toolResult is null ? Reply : Reply + " " + toolResult.Result);
        return Task.FromResult(new ChatResponse(message)
        {
            ModelId = options?.ModelId ?? Model,
            ResponseId = "resp_" + Calls,
            FinishReason = ChatFinishReason.Stop,
            Usage = Usage,
        });
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var response = await GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        foreach (var update in response.ToChatResponseUpdates()) yield return update;
    }

    public object? GetService(Type serviceType, object? serviceKey = null)
        => serviceType == typeof(ChatClientMetadata) ? new ChatClientMetadata(Provider, new Uri("http://localhost:5999/"), Model) : null;

    public void Dispose()
    {
    }
}
