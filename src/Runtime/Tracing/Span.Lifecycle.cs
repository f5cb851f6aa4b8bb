using NumAgents.Instrumentation.Tracing;

namespace NumAgents.Instrumentation;

/// <summary>The life of a span: how it ends (once), stops being current, and what each kind of span does at those moments.</summary>
public abstract partial class Span
{
    /// <summary>
    /// Ends the span at a timestamp the caller already took (generated code shares one timestamp between a
    /// span, a timer and a counter).
    /// </summary>
    internal void EndAt(SpanStatus status, long endTimestamp, string? error = null)
    {
        if ((Volatile.Read(ref _state) & FlagEnding) != 0) return;
        End(status, error, endTimestamp, explicitStatus: true, escaping: null);
    }

    /// <summary>
    /// Stops being the current span on this async flow without ending (generated code for a method that
    /// returns a task: the span runs on until the task completes, but the caller's code after the call is
    /// not part of it).
    /// </summary>
    internal void LeaveScope()
    {
        var previous = Interlocked.And(ref _state, ~FlagActive);
        if ((previous & (FlagActive | FlagEnding)) == FlagActive) RestoreAmbient();
    }

    /// <summary>
    /// Corrects the outcome of a span that <see cref="Dispose"/> ended <see cref="SpanStatus.Ok"/> when the
    /// exception it could not see is rethrown right after (the compiler's rewrite of a using block that awaits).
    /// </summary>
    internal void FailAfterDispose(Exception exception)
    {
        var state = Volatile.Read(ref _state);
        if ((state & (FlagStatusByDispose | FlagRecording)) != (FlagStatusByDispose | FlagRecording) || (state & StatusMask) != (int)SpanStatus.Ok) return;
        RecordExceptionCore(exception, EndUtcTicks);
        var current = Volatile.Read(ref _state);
        while (true)
        {
            var observed = Interlocked.CompareExchange(ref _state, (current & ~(StatusMask | FlagStatusByDispose)) | (int)SpanStatus.Error, current);
            if (observed == current) break;
            current = observed;
        }

        OnStatusCorrected();
    }

    /// <summary>
    /// Adds the tokens and cost of LLM calls to the span: its own call (<paramref name="own"/>), or calls
    /// made inside it, rolled up when they end. Ignored once the span is ending.
    /// </summary>
    internal void RecordUsage(TokenUsage tokens, TokenCost? cost, bool own, bool reported = false)
    {
        if ((Volatile.Read(ref _state) & (FlagRecording | FlagEnding)) != FlagRecording) return;
        GetOrCreateUsage().Add(tokens, cost, own, reported);
    }

    /// <summary>The usage recorded on or rolled up into the span, or <see langword="null"/> when none was.</summary>
    internal abstract SpanUsage? Usage { get; }

    private protected abstract SpanUsage GetOrCreateUsage();

    /// <summary>
    /// Makes the usage the span's <c>gen_ai.usage.*</c> attributes as it ends: set on the activity of a
    /// span another library exports; a span only the monitor keeps derives them from
    /// <see cref="Usage"/> when they are read, so a retained span holds no boxed counts.
    /// </summary>
    private protected virtual void PublishUsage(SpanUsage usage)
    {
        foreach (var (key, value) in UsageAttributes(usage)) SetAttributeCore(key, value);
    }

    /// <summary>The usage as <c>gen_ai.usage.*</c> attributes (cost attributes are the proposed ones).</summary>
    private protected static KeyValuePair<string, object?>[] UsageAttributes(SpanUsage usage)
    {
        var tokens = usage.Tokens;
        var primaryCost = usage.PrimaryCost;

        // A call that failed or reported no usage marks the span without giving it tokens to show.
        if (tokens.IsEmpty && primaryCost is null) return [];
        var attributes = new List<KeyValuePair<string, object?>>(11)
        {
            new(GenAIConventions.UsageInputTokens, tokens.InputTokens),
            new(GenAIConventions.UsageOutputTokens, tokens.OutputTokens),
        };
        if (tokens.CachedInputTokens != 0) attributes.Add(new(GenAIConventions.UsageCachedInputTokens, tokens.CachedInputTokens));
        if (tokens.ReasoningTokens != 0) attributes.Add(new(GenAIConventions.UsageReasoningTokens, tokens.ReasoningTokens));

        // One currency is what a price table normally holds; with several, the span shows the first.
        if (primaryCost is { } cost)
        {
            attributes.Add(new(GenAIConventions.UsageCost, cost.Total));
            attributes.Add(new(GenAIConventions.UsageCostInput, cost.Input));
            attributes.Add(new(GenAIConventions.UsageCostOutput, cost.Output));
            if (cost.CachedInput != 0) attributes.Add(new(GenAIConventions.UsageCostCachedInput, cost.CachedInput));
            attributes.Add(new(GenAIConventions.UsageCostCurrency, cost.Currency));
        }

        return [.. attributes];
    }

    /// <summary>Adds the span's usage to its parent's, once the span has ended.</summary>
    private protected void RollUp(SpanUsage usage)
    {
        if (LocalParent is { IsRecording: true } parent && (Volatile.Read(ref parent._state) & (FlagRecording | FlagEnding)) == FlagRecording)
        {
            parent.GetOrCreateUsage().AddFrom(usage);
        }
    }

    /// <summary>Sets a normalized, non-null attribute, or removes it for <see langword="null"/>.</summary>
    private protected abstract void SetAttributeCore(string key, object? value);

    private protected abstract void AddEventCore(string name, long utcTicks, ReadOnlyAttributes attributes);

    private protected abstract void AddLinkCore(SpanLink link);

    private protected abstract void SetErrorCore(string? error);

    private protected abstract void RecordExceptionCore(Exception exception, long utcTicks);

    /// <summary>Records the end with its final status, and stops being current when <paramref name="wasActive"/>.</summary>
    private protected abstract void CompleteCore(long endTimestamp, SpanStatus finalStatus, bool wasActive);

    /// <summary>Makes what was current before this span current again (the span was current and is no longer).</summary>
    private protected abstract void RestoreAmbient();

    /// <summary>Called after <see cref="FailAfterDispose"/> changed the final status.</summary>
    private protected virtual void OnStatusCorrected()
    {
    }

    private void End(SpanStatus status, string? error, long endTimestamp, bool explicitStatus, Exception? escaping)
    {
        // The first end claims the span; a racing or repeated end returns here. After the claim no other
        // thread writes the status (every writer gives up once FlagEnding is set).
        var previous = Interlocked.Or(ref _state, FlagEnding);
        if ((previous & FlagEnding) != 0) return;
        var wasActive = (previous & FlagActive) != 0;
        if ((previous & FlagRecording) == 0)
        {
            CompleteCore(endTimestamp, SpanStatus.Unset, wasActive);
            Interlocked.Or(ref _state, FlagEnded);
            ActiveSpans.Remove(this);
            return;
        }

        if (escaping is not null) RecordExceptionCore(escaping, Tracer.Clock.ToUtcTicks(endTimestamp));
        if (error is not null || (explicitStatus && status != SpanStatus.Error)) SetErrorCore(status == SpanStatus.Error ? error ?? Error : null);

        // Dispose keeps a status set earlier (SetStatus, RecordException) unless an exception escapes.
        var finalStatus = (int)status;
        if (!explicitStatus && status == SpanStatus.Ok && (previous & FlagStatusExplicit) != 0) finalStatus = previous & StatusMask;

        var usage = Usage;
        if (usage is not null) PublishUsage(usage);

        // The end is recorded before the span reads as ended, so a reader that sees IsEnded sees its end time.
        CompleteCore(endTimestamp, (SpanStatus)finalStatus, wasActive);
        var current = Volatile.Read(ref _state);
        while (true)
        {
            var final = (current & ~StatusMask) | finalStatus | FlagEnded | (explicitStatus ? 0 : FlagStatusByDispose);
            var observed = Interlocked.CompareExchange(ref _state, final, current);
            if (observed == current) break;
            current = observed;
        }

        Tracer.OnEnded(this);
        if (usage is not null) RollUp(usage);
    }

    /// <summary>Sets the status as explicit unless the span is already ending (then the end decides).</summary>
    private void TrySetStatusBeforeEnd(int status)
    {
        var current = Volatile.Read(ref _state);
        while ((current & FlagEnding) == 0)
        {
            var observed = Interlocked.CompareExchange(ref _state, (current & ~StatusMask) | status | FlagStatusExplicit, current);
            if (observed == current) return;
            current = observed;
        }
    }

    private void ValidateStatus(SpanStatus status)
    {
        if (status is < SpanStatus.Unset or > SpanStatus.Error)
        {
            throw new ArgumentOutOfRangeException(nameof(status), status, $"Span '{Name}': {status} is not a SpanStatus.");
        }
    }
}
