using System.Diagnostics;

namespace NumAgents.Instrumentation.Tracing;

/// <summary>The collected side of <see cref="ActivitySpan"/>: another library's activity, ended when it stops, and the usage it reports.</summary>
internal sealed partial class ActivitySpan
{
    /// <summary>Wraps another library's activity that runs inside one of <paramref name="tracer"/>'s traces.</summary>
    public static ActivitySpan Collected(Tracer tracer, Activity activity)
    {
        ActivityIds.Read(activity.TraceId, out var high, out var low);
        var state = FlagRecording | FlagSampled | FlagRegistered | ((int)ActivityIds.ToSpanKind(activity.Kind) << KindShift);
        return new ActivitySpan(tracer, activity, null, high, low, ActivityIds.Read(activity.SpanId), state, foreign: true);
    }

    /// <summary>
    /// Ends a collected span when its activity stops: the activity's status becomes the span's, and the
    /// usage its <c>gen_ai.usage.*</c> attributes report (unless our own instrumentation recorded that call
    /// on it already) is priced by the monitor, written back as cost attributes and rolled up to the parent.
    /// </summary>
    public void CompleteCollected(IUsageObserver? observer)
    {
        // Recorded already when our own instrumentation inside the activity (a chat client middleware) did.
        var recorded = Volatile.Read(ref _usage) is { HasOwn: true };
        if (!recorded && observer is not null && IsLlmCall(_activity.GetTagItem(GenAIConventions.OperationName) as string))
        {
            var errorType = _activity.GetTagItem(GenAIConventions.ErrorType) as string ?? (_activity.Status == ActivityStatusCode.Error ? "_OTHER" : null);
            observer.OnLlmCallDuration(this, _activity.Duration.TotalSeconds, _activity.GetTagItem(GenAIConventions.OperationName) as string, _activity.GetTagItem(GenAIConventions.ProviderName) as string, _activity.GetTagItem(GenAIConventions.RequestModel) as string, errorType);
        }

        if (!recorded && ReadReportedUsage() is { } reported && observer is not null)
        {
            // A span that reports usage and has children that did too (function invocation's
            // orchestrate_tools around its chat calls) reports their sum: only what exceeds it is its own.
            var rolledUp = Volatile.Read(ref _usage)?.Tokens ?? default;
            var own = new TokenUsage(
                Math.Max(0, reported.InputTokens - rolledUp.InputTokens),
                Math.Max(0, reported.OutputTokens - rolledUp.OutputTokens),
                Math.Max(0, reported.CachedInputTokens - rolledUp.CachedInputTokens),
                Math.Max(0, reported.ReasoningTokens - rolledUp.ReasoningTokens));
            if (!own.IsEmpty)
            {
                var model = _activity.GetTagItem(GenAIConventions.ResponseModel) as string ?? _activity.GetTagItem(GenAIConventions.RequestModel) as string;
                var cost = observer.OnLlmCall(this, own, _activity.GetTagItem(GenAIConventions.OperationName) as string, _activity.GetTagItem(GenAIConventions.ProviderName) as string, model);
                GetOrCreateUsage().Add(own, cost, own: true);
            }
        }

        var usage = Volatile.Read(ref _usage);
        if (usage is not null) PublishUsage(usage);
        var status = _activity.Status switch
        {
            ActivityStatusCode.Ok => SpanStatus.Ok,
            ActivityStatusCode.Error => SpanStatus.Error,
            _ => SpanStatus.Unset,
        };
        var previous = Interlocked.Or(ref _state, FlagEnding);
        if ((previous & FlagEnding) != 0) return;
        var current = Volatile.Read(ref _state);
        while (true)
        {
            var observed = Interlocked.CompareExchange(ref _state, (current & ~StatusMask) | (int)status | FlagEnded, current);
            if (observed == current) break;
            current = observed;
        }

        Tracer.OnEnded(this);
        if (usage is not null) RollUp(usage);
    }

    /// <summary>Whether another library's activity is one model call (not an aggregate such as <c>orchestrate_tools</c> or an agent).</summary>
    private static bool IsLlmCall(string? operation)
        => operation is GenAIConventions.Chat or GenAIConventions.TextCompletion or GenAIConventions.Embeddings or GenAIConventions.GenerateContent;

    /// <summary>The usage another library's activity reports in its attributes, or <see langword="null"/>.</summary>
    private TokenUsage? ReadReportedUsage()
    {
        var input = ReadCount(GenAIConventions.UsageInputTokens);
        var output = ReadCount(GenAIConventions.UsageOutputTokens);
        if (input is null && output is null) return null;
        return new TokenUsage(input ?? 0, output ?? 0, ReadCount(GenAIConventions.UsageCachedInputTokens) ?? 0, ReadCount(GenAIConventions.UsageReasoningTokens) ?? 0);
    }

    private long? ReadCount(string key) => _activity.GetTagItem(key) switch
    {
        int value => value,
        long value => value,
        double value => (long)value,
        string text when long.TryParse(text, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var value) => value,
        _ => null,
    };
}
