using System.ComponentModel;

namespace NumAgents.Instrumentation.Generated;

/// <summary>
/// One running execution of an instrumented node or method: its binding, its span and the start
/// timestamp its span, timer and counter share. A struct, so starting one allocates nothing beyond
/// the span. Not meant to be used by hand.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct InstrumentedCall
{
    private readonly InstrumentationBinding? _binding;
    private readonly Span? _span;
    private readonly long _startTimestamp;

    internal InstrumentedCall(InstrumentationBinding binding, long startTimestamp, Span? span)
    {
        _binding = binding;
        _startTimestamp = startTimestamp;
        _span = span;
    }

    /// <summary>
    /// Stops making the execution's span the current span of this async flow without ending it: generated
    /// code calls it in the synchronous frame that called a method returning a task, before returning that
    /// task, so the caller's code after the call is not part of the span. The span ends later with
    /// <see cref="Succeeded"/> or <see cref="Failed"/>.
    /// </summary>
    public void LeaveScope() => _span?.LeaveScope();

    /// <summary>
    /// Records what an LLM call's result reports (generated code reads it from the return value: a
    /// <c>ChatResponse</c>, <c>UsageDetails</c> or <see cref="ITokenUsageReport"/>); call before <see cref="Succeeded"/>.
    /// </summary>
    /// <param name="usage">The tokens, or <see langword="null"/> when the result reports none.</param>
    /// <param name="responseModel">The model that answered, if the result says.</param>
    public void RecordTokenUsage(TokenUsage? usage, string? responseModel) => _binding?.RecordUsage(_span, usage, responseModel);

    /// <summary>
    /// Records the usage of an LLM call's result from its counts, as generated code reads them from a
    /// Microsoft.Extensions.AI <c>UsageDetails</c> (the runtime does not reference that library); no usage
    /// when neither input nor output is known.
    /// </summary>
    /// <param name="inputTokens">The input tokens, when reported.</param>
    /// <param name="outputTokens">The output tokens, when reported.</param>
    /// <param name="cachedInputTokens">The input tokens read from a cache, when reported.</param>
    /// <param name="reasoningTokens">The reasoning tokens, when reported.</param>
    /// <param name="responseModel">The model that answered, if the result says.</param>
    public void RecordTokenUsage(long? inputTokens, long? outputTokens, long? cachedInputTokens, long? reasoningTokens, string? responseModel)
    {
        if (_binding is null) return;
        TokenUsage? usage = inputTokens is null && outputTokens is null
            ? null
            : new TokenUsage(inputTokens ?? 0, outputTokens ?? 0, cachedInputTokens ?? 0, reasoningTokens ?? 0);
        _binding.RecordUsage(_span, usage, responseModel);
    }

    /// <summary>
    /// Sets an attribute of the execution's span from a member marked <see cref="SpanAttributeAttribute"/>;
    /// nothing when the span is not recorded. Never throws.
    /// </summary>
    /// <param name="key">The attribute key.</param>
    /// <param name="value">The member's value.</param>
    public void SetSpanAttribute(string key, object? value)
    {
        if (_span is not { IsRecording: true } span) return;
        try
        {
            span.SetAttribute(key, value);
        }
        catch (Exception exception)
        {
            _binding?.Monitor.ReportInstrumentationFailure(InstrumentationBinding.Component, exception);
        }
    }

    /// <summary>Whether the execution's span is recorded: generated code reads <see cref="SpanAttributeAttribute"/> members only then.</summary>
    public bool IsRecording => _span is { IsRecording: true };

    /// <summary>Sets the tool call id (<c>gen_ai.tool.call.id</c>) of a tool execution, from the parameter marked <see cref="ToolCallIdAttribute"/>.</summary>
    /// <param name="toolCallId">The model's id of the call.</param>
    public void SetToolCallId(string? toolCallId)
    {
        if (toolCallId is not null && _span is { IsRecording: true } span) span.SetAttribute(GenAIConventions.ToolCallId, toolCallId);
    }

    /// <summary>Records a successful execution.</summary>
    public void Succeeded() => _binding?.Complete(_startTimestamp, _span, exception: null);

    /// <summary>
    /// Records a failed execution. Returns <see langword="false"/>, so generated code calls it from an
    /// exception filter (<c>catch (Exception e) when (call.Failed(e))</c>) that never catches: the
    /// exception reaches the caller as the same object, with its stack trace untouched.
    /// </summary>
    /// <param name="exception">The exception leaving the execution.</param>
    public bool Failed(Exception exception)
    {
        _binding?.Complete(_startTimestamp, _span, exception);
        return false;
    }
}
