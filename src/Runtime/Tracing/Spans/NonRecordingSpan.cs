using System.Diagnostics;

namespace NumAgents.Instrumentation.Tracing;

/// <summary>
/// A span that records nothing but carries its trace's context: a sampled-out span (current like any
/// other span, so its children and injected headers continue the trace with the sampled flag off), the
/// view handed out for each child of one, and the disabled tracer's inert span.
/// </summary>
/// <remarks>
/// A child of a sampled-out span is sampled out too and would record nothing, so it is not created: the
/// parent hands out one shared view that has the parent's context, is never made current and ignores
/// every end. A sampled-out subtree therefore allocates one span, at its root.
/// </remarks>
internal sealed class NonRecordingSpan : Span, IAmbientEntry
{
    private readonly object? _parent;
    private readonly string _name;
    private readonly long _startTimestamp;
    private readonly string? _traceState;
    private readonly bool _isView;
    private NonRecordingSpan? _view;

    private NonRecordingSpan(Tracer tracer, object? parent, Activity? outerActivity, string name, ulong traceIdHigh, ulong traceIdLow, ulong spanId, long startTimestamp, string? traceState, int state, bool isView = false)
        : base(tracer, traceIdHigh, traceIdLow, spanId, state)
    {
        _isView = isView;
        _parent = parent;
        OuterActivity = outerActivity;
        _name = name;
        _startTimestamp = startTimestamp;
        _traceState = traceState;
    }

    public Activity? OuterActivity { get; }

    public object? PreviousEntry => _parent is ExternalParent external ? external.Previous : _parent;

    public override string SpanId => TraceIds.FormatSpanId(SpanIdValue);

    public override string TraceId => TraceIds.FormatTraceId(TraceIdHigh, TraceIdLow);

    public override string Name => _name;

    public override string? Error => null;

    public override IReadOnlyList<SpanEvent> Events => [];

    public override IReadOnlyList<SpanLink> Links => [];

    internal override ulong ParentSpanIdValue => _parent switch
    {
        Span viewed when _isView => viewed.ParentSpanIdValue,
        Span span => span.SpanIdValue,
        ExternalParent external => external.SpanId,
        _ => 0,
    };

    internal override Span? LocalParent => _parent as Span;

    internal override long StartUtcTicks => Tracer.Clock.ToUtcTicks(_startTimestamp);

    internal override long EndUtcTicks => StartUtcTicks;

    internal override double ElapsedMilliseconds => 0;

    internal override string? TraceState => _traceState;

    internal override ReadOnlyAttributes AttributeSnapshot => ReadOnlyAttributes.Empty;

    internal override object? FindAttribute(string key) => null;

    internal override int DroppedAttributes => 0;

    internal override int DroppedEvents => 0;

    internal override int DroppedLinks => 0;

    internal override SpanUsage? Usage => null;

    // Never reached: usage is recorded on recording spans only.
    private protected override SpanUsage GetOrCreateUsage() => new();

    /// <summary>A sampled-out span (current until it ends when its state says it is active).</summary>
    public static NonRecordingSpan Create(Tracer tracer, object? parent, Activity? outerActivity, string name, ulong traceIdHigh, ulong traceIdLow, ulong spanId, long startTimestamp, string? traceState, int state)
        => new(tracer, parent, outerActivity, name, traceIdHigh, traceIdLow, spanId, startTimestamp, traceState, state);

    /// <summary>The disabled tracer's span: no context, never current, every end ignored.</summary>
    public static NonRecordingSpan CreateInert(Tracer tracer)
        => new(tracer, null, null, string.Empty, 0, 0, 0, 0, null, FlagEnding | FlagEnded);

    /// <summary>The span handed out for every child of this one: it shares this span's context and ignores every end.</summary>
    public NonRecordingSpan GetOrCreateView()
    {
        if (_view is { } view) return view;
        var created = ViewOf(this, OuterActivity, _startTimestamp);
        return Interlocked.CompareExchange(ref _view, created, null) ?? created;
    }

    /// <summary>A view of a sampled-out span (its context, never current, every end ignored).</summary>
    public static NonRecordingSpan ViewOf(Span sampledOut, Activity? outerActivity, long startTimestamp)
        => new(sampledOut.Tracer, sampledOut, outerActivity, sampledOut.Name, sampledOut.TraceIdHigh, sampledOut.TraceIdLow, sampledOut.SpanIdValue, startTimestamp, sampledOut.TraceState, FlagEnding | FlagEnded, isView: true);

    private protected override void SetAttributeCore(string key, object? value)
    {
    }

    private protected override void AddEventCore(string name, long utcTicks, ReadOnlyAttributes attributes)
    {
    }

    private protected override void AddLinkCore(SpanLink link)
    {
    }

    private protected override void SetErrorCore(string? error)
    {
    }

    private protected override void RecordExceptionCore(Exception exception, long utcTicks)
    {
    }

    private protected override void CompleteCore(long endTimestamp, SpanStatus finalStatus, bool wasActive)
    {
        if (wasActive) RestoreAmbient();
    }

    private protected override void RestoreAmbient() => AmbientSpans.Restore(this, PreviousEntry);
}
