using System.Diagnostics;

namespace NumAgents.Instrumentation.Tracing;

/// <summary>
/// A recording span that keeps its own data: the span of a tracer nobody outside listens to (no
/// <see cref="ActivityListener"/> on our source), which therefore costs a fraction of an <see cref="Activity"/>.
/// </summary>
/// <remarks>
/// Its place in the trace is its parent: a local parent span, a <see cref="TraceAnchor"/>, an
/// <see cref="ExternalParent"/> (a remote parent or an activity of another library), or nothing for a new
/// trace. Whatever was current before it started is restored when it ends; that is the parent itself for a
/// local parent or an anchor, and <see cref="ExternalParent.Previous"/> otherwise.
/// </remarks>
internal sealed class RecordedSpan : Span, IAmbientEntry
{
    private readonly object? _parent;
    private readonly string _name;
    private readonly long _startTimestamp;
    private long _endTimestamp;
    private SpanDetails? _details;

    public RecordedSpan(Tracer tracer, object? parent, string name, ulong traceIdHigh, ulong traceIdLow, ulong spanId, long startTimestamp, int state)
        : base(tracer, traceIdHigh, traceIdLow, spanId, state | FlagRecording | FlagSampled)
    {
        _parent = parent;
        _name = name;
        _startTimestamp = startTimestamp;
    }

    /// <summary>
    /// The activity current when the span started. Not stored: a child of one of our spans starts where its
    /// parent did (it was innermost), so the answer is that of the nearest ancestor that is not one of our
    /// spans (a span stays 96 bytes).
    /// </summary>
    public Activity? OuterActivity
    {
        get
        {
            var parent = _parent;
            while (parent is RecordedSpan span) parent = span._parent;
            return parent switch
            {
                ExternalParent external => external.Activity,
                IAmbientEntry entry => entry.OuterActivity,
                _ => null,
            };
        }
    }

    public object? PreviousEntry => _parent is ExternalParent external ? external.Previous : _parent;

    public override string SpanId
    {
        get
        {
            var rare = Details().RareDetails;
            return rare.SpanIdText ??= TraceIds.FormatSpanId(SpanIdValue);
        }
    }

    public override string TraceId
    {
        get
        {
            var rare = Details().RareDetails;
            return rare.TraceIdText ??= TraceIds.FormatTraceId(TraceIdHigh, TraceIdLow);
        }
    }

    public override string Name => _name;

    public override string? Error => _details?.Error;

    public override IReadOnlyList<SpanEvent> Events
    {
        get
        {
            if (_details is not { } details) return [];
            using (details.Acquire())
            {
                return details.GetEvents();
            }
        }
    }

    public override IReadOnlyList<SpanLink> Links
    {
        get
        {
            if (_details is not { } details) return [];
            using (details.Acquire())
            {
                return details.Rare?.Links is { } links ? links.ToArray() : [];
            }
        }
    }

    internal override ulong ParentSpanIdValue => _parent switch
    {
        Span span => span.SpanIdValue,
        ExternalParent external => external.SpanId,
        _ => 0,
    };

    internal override Span? LocalParent => _parent as Span;

    internal override long StartUtcTicks => Tracer.Clock.ToUtcTicks(_startTimestamp);

    internal override long EndUtcTicks => Tracer.Clock.ToUtcTicks(Volatile.Read(ref _endTimestamp));

    internal override double ElapsedMilliseconds => Tracer.Clock.ToMilliseconds(Volatile.Read(ref _endTimestamp) - _startTimestamp);

    internal override string? TraceState => _parent switch
    {
        Span span => span.TraceState,
        ExternalParent external => external.TraceState,
        _ => null,
    };

    internal override string? TraceName => (_parent as TraceAnchor)?.Name;

    internal override ReadOnlyAttributes AttributeSnapshot
    {
        get
        {
            if (_details is not { } details) return ReadOnlyAttributes.Empty;
            ReadOnlyAttributes set;
            using (details.Acquire())
            {
                set = details.GetAttributes();
            }

            var usage = EndedUsageAttributes();
            if (usage.Length == 0) return set;

            // The usage replaces any attribute of the same key, as setting it at the end would.
            var items = new KeyValuePair<string, object?>[set.Count + usage.Length];
            var count = 0;
            foreach (var attribute in set.AsSpan())
            {
                if (!Replaced(usage, attribute.Key)) items[count++] = attribute;
            }

            usage.CopyTo(items, count);
            return new ReadOnlyAttributes(items, count + usage.Length);

            static bool Replaced(KeyValuePair<string, object?>[] usage, string key)
            {
                foreach (var (usageKey, _) in usage)
                {
                    if (string.Equals(usageKey, key, StringComparison.Ordinal)) return true;
                }

                return false;
            }
        }
    }

    private protected override void PublishUsage(SpanUsage usage)
    {
        // Derived from Usage when read (EndedUsageAttributes): nothing boxed is kept with the span.
    }

    /// <summary>The usage attributes of an ended span; none while it runs, as before it publishes them.</summary>
    private KeyValuePair<string, object?>[] EndedUsageAttributes()
        => (Volatile.Read(ref _state) & FlagEnding) != 0 && Usage is { } usage ? UsageAttributes(usage) : [];

    internal override void ReserveAttributes(int count)
    {
        var details = Details();
        using (details.Acquire())
        {
            details.Reserve(count, MaxAttributes);
        }
    }

    internal override object? FindAttribute(string key)
    {
        if (_details is not { } details) return null;
        if (key.StartsWith("gen_ai.usage.", StringComparison.Ordinal))
        {
            foreach (var (usageKey, value) in EndedUsageAttributes())
            {
                if (string.Equals(usageKey, key, StringComparison.Ordinal)) return value;
            }
        }

        using (details.Acquire())
        {
            return details.FindAttribute(key);
        }
    }

    internal override int DroppedAttributes => _details?.Rare?.DroppedAttributes ?? 0;

    internal override int DroppedEvents => _details?.Rare?.DroppedEvents ?? 0;

    internal override int DroppedLinks => _details?.Rare?.DroppedLinks ?? 0;

    internal long StartTimestamp => _startTimestamp;

    internal override SpanUsage? Usage => _details?.Rare?.Usage;

    private protected override SpanUsage GetOrCreateUsage()
    {
        var details = Details();
        using (details.Acquire())
        {
            var rare = details.RareDetails;
            return rare.Usage ??= new SpanUsage();
        }
    }

    private protected override void SetAttributeCore(string key, object? value)
    {
        var details = Details();
        using (details.Acquire())
        {
            details.SetAttribute(key, value, MaxAttributes);
        }
    }

    private protected override void AddEventCore(string name, long utcTicks, ReadOnlyAttributes attributes)
    {
        var details = Details();
        using (details.Acquire())
        {
            details.AddEvent(name, utcTicks, attributes, MaxEvents);
        }
    }

    private protected override void AddLinkCore(SpanLink link)
    {
        var details = Details();
        using (details.Acquire())
        {
            var rare = details.RareDetails;
            rare.Links ??= [];
            if (rare.Links.Count < MaxLinks) rare.Links.Add(link);
            else rare.DroppedLinks++;
        }
    }

    private protected override void SetErrorCore(string? error)
    {
        if (error is null && _details is null) return;
        var details = Details();
        using (details.Acquire())
        {
            details.Error = error;
        }
    }

    private protected override void RecordExceptionCore(Exception exception, long utcTicks)
    {
        var type = exception.GetType().FullName ?? exception.GetType().Name;
        AddEventCore(ExceptionEvents.Name, utcTicks, ExceptionEvents.Attributes(exception, type));
        SetErrorCore($"{type}: {exception.Message}");
    }

    private protected override void CompleteCore(long endTimestamp, SpanStatus finalStatus, bool wasActive)
    {
        Volatile.Write(ref _endTimestamp, endTimestamp);
        if (wasActive) RestoreAmbient();
    }

    private protected override void RestoreAmbient() => AmbientSpans.Restore(this, PreviousEntry);

    private SpanDetails Details()
    {
        if (_details is { } details) return details;
        var created = new SpanDetails();
        return Interlocked.CompareExchange(ref _details, created, null) ?? created;
    }
}
