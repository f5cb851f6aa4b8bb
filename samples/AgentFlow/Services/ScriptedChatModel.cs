using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Microsoft.Extensions.AI;

namespace AgentFlow.Services;

/// <summary>
/// A deterministic chat model, so the sample needs no network and no key: asked to plan, it calls the
/// <c>get_weather</c> tool for the first city of the passages it was given; asked to answer, it writes the
/// answer from the tool's observation. It reports usage as a provider does (about four characters a
/// token; the system prompt counts as cached input from the second call on).
/// </summary>
public sealed partial class ScriptedChatModel : IChatClient
{
    /// <summary>The provider name the model reports (<c>gen_ai.provider.name</c>).</summary>
    public const string Provider = "scripted";

    private int _calls;

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var history = messages.ToList();
        var call = Interlocked.Increment(ref _calls);
        var prompt = string.Join("\n", history.Select(m => m.Text));
        var system = history.Where(m => m.Role == ChatRole.System).Sum(m => m.Text.Length);
        var model = options?.ModelId ?? "scripted-large";
        ChatMessage reply;
        if (options?.Tools is { Count: > 0 } tools)
        {
            var city = FirstCity().Match(prompt) is { Success: true } match ? match.Groups[1].Value : "Paris";
            reply = new ChatMessage(ChatRole.Assistant, [new FunctionCallContent($"call_{call:D3}", tools[0].Name, new Dictionary<string, object?> { ["city"] = city })]);
        }
        else
        {
            var observation = history.LastOrDefault(m => m.Role == ChatRole.User)?.Text ?? string.Empty;
            reply = new ChatMessage(ChatRole.Assistant, observation.Contains("rain", StringComparison.OrdinalIgnoreCase)
                ? "Yes, bring an umbrella: " + observation
                : "No umbrella needed: " + observation);
        }

        var output = reply.Contents.OfType<FunctionCallContent>().Any() ? 18 : Tokens(reply.Text.Length);
        return Task.FromResult(new ChatResponse(reply)
        {
            ModelId = model,
            ResponseId = $"resp_{call:D3}",
            FinishReason = reply.Contents.OfType<FunctionCallContent>().Any() ? ChatFinishReason.ToolCalls : ChatFinishReason.Stop,
            Usage = new UsageDetails
            {
                InputTokenCount = Tokens(prompt.Length),
                OutputTokenCount = output,
                TotalTokenCount = Tokens(prompt.Length) + output,
                CachedInputTokenCount = call > 1 ? Tokens(system) : 0,
            },
        });
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var response = await GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        foreach (var update in response.ToChatResponseUpdates()) yield return update;
    }

    public object? GetService(Type serviceType, object? serviceKey = null)
        => serviceType == typeof(ChatClientMetadata) ? new ChatClientMetadata(Provider, new Uri("http://localhost:11434/"), "scripted-large") : null;

    public void Dispose()
    {
    }

    private static int Tokens(int characters) => Math.Max(1, (characters + 3) / 4);

    [GeneratedRegex(@"\b([A-Z][a-z]+) forecast:")]
    private static partial Regex FirstCity();
}
