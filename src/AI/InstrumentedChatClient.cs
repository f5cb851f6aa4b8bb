using System.Diagnostics;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace NumAgents.Instrumentation.AI;

/// <summary>
/// Records each chat call into the monitor and the current span, and creates no span of its own:
/// tokens, models, duration, errors and cost (from the monitor's price table), and, when the monitor
/// captures message content, the prompt and the response. Build it with
/// <see cref="NumAgentsChatClientBuilderExtensions.UseNumAgentsInstrumentation"/>.
/// </summary>
/// <remarks>
/// <para>
/// Beside Microsoft.Extensions.AI's own <c>UseOpenTelemetry()</c> no call is counted twice: placed inside it
/// (<c>.UseOpenTelemetry().UseNumAgentsInstrumentation()</c>) the call is recorded on its <c>chat</c> span,
/// which the monitor collects; placed outside it, the <c>chat</c> span (collected, reporting its usage) is the
/// record of the call, and this client only adds the duration. Without it, the call is recorded on the
/// current span (a node's, a method's) as an event, and its usage is summed there.
/// </para>
/// <para>
/// Instrumentation never breaks the call: a failure here is contained and counted by the monitor; the
/// call's own exception reaches the caller unchanged.
/// </para>
/// </remarks>
public sealed class InstrumentedChatClient : DelegatingChatClient
{
    /// <summary>The event recorded on the current span for a call no <c>chat</c> span covers.</summary>
    public const string CallEvent = "gen_ai.client.call";

    private readonly AgentMonitor? _monitor;
    private readonly string? _provider;
    private readonly string? _defaultModel;
    private readonly ActivitySource? _innerSource;

    /// <summary>Wraps <paramref name="innerClient"/>.</summary>
    /// <param name="innerClient">The client that makes the calls.</param>
    /// <param name="monitor">The monitor to record into; <see langword="null"/>: <see cref="AgentMonitor.Current"/> at each call.</param>
    public InstrumentedChatClient(IChatClient innerClient, AgentMonitor? monitor = null)
        : base(innerClient)
    {
        _monitor = monitor;
        var metadata = innerClient.GetService(typeof(ChatClientMetadata)) as ChatClientMetadata;
        _provider = metadata?.ProviderName;
        _defaultModel = metadata?.DefaultModelId;
        _innerSource = innerClient.GetService(typeof(OpenTelemetryChatClient)) is not null ? innerClient.GetService(typeof(ActivitySource)) as ActivitySource : null;
    }

    /// <inheritdoc/>
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var monitor = _monitor ?? AgentMonitor.Current;
        var list = messages as IReadOnlyList<ChatMessage> ?? [.. messages];
        var chatSpanRecords = ChatSpanRecordsCall(monitor);
        var started = Stopwatch.GetTimestamp();
        ChatResponse response;
        try
        {
            response = await base.GetResponseAsync(list, options, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (Failed(monitor, options, started, exception, chatSpanRecords))
        {
            throw;
        }

        Record(monitor, list, options, response, Stopwatch.GetElapsedTime(started), chatSpanRecords);
        return response;
    }

    /// <inheritdoc/>
    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var monitor = _monitor ?? AgentMonitor.Current;
        var list = messages as IReadOnlyList<ChatMessage> ?? [.. messages];
        var chatSpanRecords = ChatSpanRecordsCall(monitor);
        var started = Stopwatch.GetTimestamp();
        var updates = new List<ChatResponseUpdate>();
        await using var enumerator = base.GetStreamingResponseAsync(list, options, cancellationToken).GetAsyncEnumerator(cancellationToken);
        while (true)
        {
            ChatResponseUpdate update;
            try
            {
                if (!await enumerator.MoveNextAsync().ConfigureAwait(false)) break;
                update = enumerator.Current;
            }
            catch (Exception exception) when (Failed(monitor, options, started, exception, chatSpanRecords))
            {
                throw;
            }

            updates.Add(update);
            yield return update;
        }

        Record(monitor, list, options, updates.ToChatResponse(), Stopwatch.GetElapsedTime(started), chatSpanRecords);
    }

    /// <summary>
    /// Whether, with this client outside <c>UseOpenTelemetry()</c>, the <c>chat</c> span it makes for the
    /// call is the call's record: it is created (its source has a listener) and the monitor collects it,
    /// reporting its usage, because it runs inside one of the monitor's traces. Recording the call here as
    /// well would count it twice; recording nothing when the span is not collected would lose it.
    /// </summary>
    private bool ChatSpanRecordsCall(AgentMonitor monitor)
    {
        try
        {
            return _innerSource is { } source
                && source.HasListeners()
                && monitor.Tracer.CurrentSpan is { IsRecording: true }
                && monitor.Tracer.CollectsActivitiesFrom(source.Name);
        }
        catch (Exception failure)
        {
            monitor.ReportInstrumentationFailure("ai.chat_client", failure);
            return false;
        }
    }

    private void Record(AgentMonitor monitor, IReadOnlyList<ChatMessage> messages, ChatOptions? options, ChatResponse response, TimeSpan duration, bool chatSpanRecords)
    {
        try
        {
            var requestModel = options?.ModelId ?? _defaultModel;
            var usage = Usage.Read(response.Usage);
            var span = monitor.Tracer.CurrentSpan;

            if (!chatSpanRecords)
            {
                var costs = monitor.RecordLlmCall(new LlmCallRecord
                {
                    Provider = _provider,
                    RequestModel = requestModel,
                    ResponseModel = response.ModelId,
                    Usage = usage,
                    Duration = duration,
                });
                if (span is { IsRecording: true } && !IsChatSpan(span))
                {
                    span.AddEvent(CallEvent, CallAttributes(_provider, requestModel, response.ModelId, usage, costs, duration));
                }
            }

            if (span is not { IsRecording: true }) return;

            if (monitor.Options.CaptureMessageContent) ContentCapture.Record(span, monitor.Options, messages, response.Messages);
        }
        catch (Exception failure)
        {
            // Nothing about the call's telemetry may fail the call.
            monitor.ReportInstrumentationFailure("ai.chat_client", failure);
        }
    }

    private bool Failed(AgentMonitor monitor, ChatOptions? options, long started, Exception exception, bool chatSpanRecords)
    {
        try
        {
            if (chatSpanRecords) return false;
            var errorType = exception.GetType().FullName ?? exception.GetType().Name;
            monitor.RecordLlmCall(new LlmCallRecord { Provider = _provider, RequestModel = options?.ModelId ?? _defaultModel, Duration = Stopwatch.GetElapsedTime(started), ErrorType = errorType });
            if (monitor.Tracer.CurrentSpan is { IsRecording: true } span && !IsChatSpan(span))
            {
                span.AddEvent(CallEvent, new Dictionary<string, object?>(StringComparer.Ordinal)
                {
                    [GenAIConventions.RequestModel] = options?.ModelId ?? _defaultModel,
                    [GenAIConventions.ErrorType] = errorType,
                    ["exception.message"] = exception.Message,
                });
            }
        }
        catch (Exception failure)
        {
            monitor.ReportInstrumentationFailure("ai.chat_client", failure);
        }

        return false;
    }

    private static bool IsChatSpan(Span span) => span.Attributes.TryGetValue(GenAIConventions.OperationName, out var operation) && operation is GenAIConventions.Chat;

    private static Dictionary<string, object?> CallAttributes(string? provider, string? requestModel, string? responseModel, TokenUsage? usage, IReadOnlyList<TokenCost> costs, TimeSpan duration)
    {
        var attributes = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            [GenAIConventions.OperationName] = GenAIConventions.Chat,
            [GenAIConventions.ProviderName] = provider,
            [GenAIConventions.RequestModel] = requestModel,
            [GenAIConventions.ResponseModel] = responseModel,
            ["duration_ms"] = duration.TotalMilliseconds,
        };
        if (usage is { } tokens)
        {
            attributes[GenAIConventions.UsageInputTokens] = tokens.InputTokens;
            attributes[GenAIConventions.UsageOutputTokens] = tokens.OutputTokens;
        }

        if (costs.Count > 0)
        {
            attributes[GenAIConventions.UsageCost] = costs[0].Total;
            attributes[GenAIConventions.UsageCostCurrency] = costs[0].Currency;
        }

        return attributes;
    }
}
