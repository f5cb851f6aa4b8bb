using System.Globalization;
using NumAgents.Instrumentation.Tracing;

namespace NumAgents.Instrumentation;

/// <summary>
/// One timed operation of a trace. Start one with <see cref="Tracer.Span(string, IReadOnlyDictionary{string, object?}?)"/>
/// in a <c>using</c> block; it ends when the block is left (<see cref="Dispose"/>), or earlier with
/// <see cref="Finish"/>. Thread-safe.
/// </summary>
/// <remarks>
/// <para>
/// A span whose <c>using</c> block is left by an exception ends <see cref="SpanStatus.Error"/> with the
/// exception's type and message in <see cref="Error"/>, without a catch in user code; otherwise
/// <see cref="Dispose"/> ends it <see cref="SpanStatus.Ok"/> (or keeps a status set earlier through
/// <see cref="SetStatus"/> or <see cref="RecordException"/>). The first end wins; later ones do nothing.
/// </para>
/// <para>
/// A span that is not recording (tracing disabled, or sampled out) accepts every call and keeps
/// nothing; it still carries its trace's context, so children and injected headers continue the trace
/// with the sampled flag off.
/// </para>
/// <para>
/// While an <see cref="System.Diagnostics.ActivityListener"/> listens to the <c>NumAgents.Instrumentation</c>
/// source (the OpenTelemetry SDK, or the monitor collecting other libraries' activities), a span is an
/// <see cref="System.Diagnostics.Activity"/>: attributes, events and status are written to it as they
/// happen, and it is <see cref="System.Diagnostics.Activity.Current"/> while it is the current span.
/// </para>
/// </remarks>
public abstract partial class Span : IDisposable
{
    /// <summary>The most events a span keeps (OpenTelemetry's default limit); later ones are counted as dropped.</summary>
    public const int MaxEvents = 128;

    /// <summary>The most attributes a span keeps (OpenTelemetry's default limit); later new keys are counted as dropped.</summary>
    public const int MaxAttributes = 128;

    /// <summary>The most links a span keeps (OpenTelemetry's default limit).</summary>
    public const int MaxLinks = 128;

    // _state packs the status, the kind and the flags below, so that one interlocked operation claims the end.
    private protected const int StatusMask = 0b11;
    private protected const int KindShift = 2;
    private protected const int KindMask = 0b111 << KindShift;
    private protected const int FlagEnding = 1 << 5;
    private protected const int FlagEnded = 1 << 6;
    private protected const int FlagActive = 1 << 7;
    private protected const int FlagRecording = 1 << 8;
    private protected const int FlagSampled = 1 << 9;
    private protected const int FlagStatusByDispose = 1 << 10;
    private protected const int FlagStatusExplicit = 1 << 11;
    private protected const int FlagLocalRoot = 1 << 12;
    private protected const int FlagRegistered = 1 << 13;

    private protected int _state;
    private readonly int _exceptionEpoch;

    private protected Span(Tracer tracer, ulong traceIdHigh, ulong traceIdLow, ulong spanId, int state)
    {
        Tracer = tracer;
        TraceIdHigh = traceIdHigh;
        TraceIdLow = traceIdLow;
        SpanIdValue = spanId;
        _state = state;
        _exceptionEpoch = ExceptionTracker.Epoch;
    }

    /// <summary>The span id: 16 lowercase hex digits.</summary>
    public abstract string SpanId { get; }

    /// <summary>The trace id: 32 lowercase hex digits.</summary>
    public abstract string TraceId { get; }

    /// <summary>The parent span's id, or <see langword="null"/> for a root span.</summary>
    public string? ParentSpanId => ParentSpanIdValue is var id and not 0 ? TraceIds.FormatSpanId(id) : null;

    /// <summary>The operation name.</summary>
    public abstract string Name { get; }

    /// <summary>The span's role (internal, server, client, producer, consumer).</summary>
    public SpanKind Kind => (SpanKind)((Volatile.Read(ref _state) & KindMask) >> KindShift);

    /// <summary>When the span started, from the monitor's clock (<see cref="TracingOptions.TimeProvider"/>).</summary>
    public DateTimeOffset StartTime => new(StartUtcTicks, TimeSpan.Zero);

    /// <summary>When the span ended, or <see langword="null"/> while it runs.</summary>
    public DateTimeOffset? EndTime => IsEnded ? new DateTimeOffset(EndUtcTicks, TimeSpan.Zero) : null;

    /// <summary>The span's duration in milliseconds, or <see langword="null"/> while it runs.</summary>
    public double? DurationMs => IsEnded ? Math.Max(0, ElapsedMilliseconds) : null;

    /// <summary>The span's outcome.</summary>
    public SpanStatus Status => (SpanStatus)(Volatile.Read(ref _state) & StatusMask);

    /// <summary>Why the span failed (for an exception: <c>{Type}: {Message}</c>), or <see langword="null"/>.</summary>
    public abstract string? Error { get; }

    /// <summary>Whether the span has ended.</summary>
    public bool IsEnded => (Volatile.Read(ref _state) & FlagEnded) != 0;

    /// <summary>Whether the span records what is set on it (false when tracing is off or the span was sampled out).</summary>
    public bool IsRecording => (_state & FlagRecording) != 0;

    /// <summary>The span's attributes, in the order they were first set.</summary>
    public IReadOnlyDictionary<string, object?> Attributes => AttributeSnapshot;

    /// <summary>The span's events, oldest first.</summary>
    public abstract IReadOnlyList<SpanEvent> Events { get; }

    /// <summary>The span's links to other spans.</summary>
    public abstract IReadOnlyList<SpanLink> Links { get; }

    /// <summary>The span's context, as it propagates to children and to other processes.</summary>
    public SpanContext Context => new(TraceIdHigh, TraceIdLow, SpanIdValue, IsSampled, TraceState, isRemote: false);

    /// <summary>Attributes, events and links that were not kept because a per-span limit was reached.</summary>
    public int DroppedCount => DroppedAttributes + DroppedEvents + DroppedLinks;

    internal Tracer Tracer { get; }

    internal ulong TraceIdHigh { get; }

    internal ulong TraceIdLow { get; }

    internal ulong SpanIdValue { get; }

    internal int ExceptionEpoch => _exceptionEpoch;

    internal bool IsSampled => (_state & FlagSampled) != 0;

    /// <summary>Whether the span is the first of its trace here (its parent, if any, is in another process or is not a span of ours).</summary>
    internal bool IsLocalRoot => (_state & FlagLocalRoot) != 0;

    internal bool IsActive => (Volatile.Read(ref _state) & FlagActive) != 0;

    /// <summary>Set while the span is findable by id in <see cref="ActiveSpans"/>.</summary>
    internal bool IsRegistered
    {
        get => (Volatile.Read(ref _state) & FlagRegistered) != 0;
        set
        {
            if (value) Interlocked.Or(ref _state, FlagRegistered);
            else Interlocked.And(ref _state, ~FlagRegistered);
        }
    }

    internal abstract ulong ParentSpanIdValue { get; }

    /// <summary>
    /// The state a span starts with. A recording span is created marked as registered (a plain write), so
    /// adding it to <see cref="ActiveSpans"/> costs one compare-and-swap; the mark is cleared if there is no room.
    /// </summary>
    internal static int InitialState(SpanKind kind, bool active, bool localRoot, bool register)
        => ((int)kind << KindShift) | (active ? FlagActive : 0) | (localRoot ? FlagLocalRoot : 0) | (register ? FlagRegistered : 0);

    /// <summary>The parent span object when it is a span of this process (for walking up a trace), else <see langword="null"/>.</summary>
    internal abstract Span? LocalParent { get; }

    internal abstract long StartUtcTicks { get; }

    internal abstract long EndUtcTicks { get; }

    internal abstract double ElapsedMilliseconds { get; }

    internal abstract string? TraceState { get; }

    /// <summary>The name given to <see cref="Tracer.StartTrace"/> when this span is a root of that trace, else <see langword="null"/>.</summary>
    internal virtual string? TraceName => null;

    internal abstract ReadOnlyAttributes AttributeSnapshot { get; }

    /// <summary>One attribute's value, or <see langword="null"/>: a lookup that copies nothing, for the recording path.</summary>
    internal abstract object? FindAttribute(string key);

    /// <summary>
    /// Makes room for <paramref name="count"/> attributes at once, when the caller knows how many it will set
    /// (generated code does), so the store is sized once instead of grown and copied attribute by attribute.
    /// </summary>
    internal virtual void ReserveAttributes(int count)
    {
    }

    internal abstract int DroppedAttributes { get; }

    internal abstract int DroppedEvents { get; }

    internal abstract int DroppedLinks { get; }

    /// <summary>Whether the span belongs to another library (an activity the monitor collected); such a span is never ended by us.</summary>
    internal virtual bool IsForeign => false;

    /// <summary>Whether the span still accepts attributes, events and status.</summary>
    private bool IsWritable => (Volatile.Read(ref _state) & (FlagRecording | FlagEnding)) == FlagRecording;

    /// <summary>Sets an attribute, replacing any value under the same key; a <see langword="null"/> value removes it.</summary>
    /// <param name="key">The attribute key, for example <c>http.method</c>.</param>
    /// <param name="value">A string, bool, long, double or an array of those. Other integers and floats are
    /// widened to long and double, enums and other values become their invariant string form. Strings longer
    /// than <see cref="TracingOptions.AttributeValueLengthLimit"/> are truncated (and counted).</param>
    /// <returns>This span, for chaining.</returns>
    /// <exception cref="ArgumentException"><paramref name="key"/> is null or empty.</exception>
    public Span SetAttribute(string key, object? value)
    {
        if (string.IsNullOrEmpty(key)) throw new ArgumentException($"Span '{Name}': an attribute key must not be null or empty.", nameof(key));
        if (!IsWritable) return this;
        SetAttributeCore(key, Tracer.Limits.Apply(AttributeValues.Normalize(value)));
        return this;
    }

    /// <summary>Records an event at the current time.</summary>
    /// <param name="name">The event name.</param>
    /// <param name="attributes">The event's attributes.</param>
    /// <returns>This span, for chaining.</returns>
    /// <exception cref="ArgumentException"><paramref name="name"/> is null or empty, or an attribute key is.</exception>
    public Span AddEvent(string name, IReadOnlyDictionary<string, object?>? attributes = null)
    {
        if (string.IsNullOrEmpty(name)) throw new ArgumentException($"Span '{Name}': an event name must not be null or empty.", nameof(name));
        if (!IsWritable) return this;
        var eventAttributes = attributes is null || attributes.Count == 0
            ? ReadOnlyAttributes.Empty
            : ReadOnlyAttributes.From(Tracer.Limits.Apply(AttributeValues.Copy(attributes, "event", name, Name)));
        AddEventCore(name, Tracer.Clock.ToUtcTicks(Tracer.Clock.GetTimestamp()), eventAttributes);
        return this;
    }

    /// <summary>Links this span to another span that is related but not its parent.</summary>
    /// <param name="context">The linked span's context (from <see cref="Context"/> or an extracted header).</param>
    /// <param name="attributes">Attributes describing the link.</param>
    /// <returns>This span, for chaining.</returns>
    /// <exception cref="ArgumentException"><paramref name="context"/> is not valid.</exception>
    public Span AddLink(SpanContext context, IReadOnlyDictionary<string, object?>? attributes = null)
    {
        if (!context.IsValid) throw new ArgumentException($"Span '{Name}': a link needs a valid span context.", nameof(context));
        if (!IsWritable) return this;
        AddLinkCore(new SpanLink(context, attributes));
        return this;
    }

    /// <summary>Sets the outcome without ending the span; <see cref="Dispose"/> keeps it.</summary>
    /// <param name="status">The outcome.</param>
    /// <param name="description">Why it failed (kept for <see cref="SpanStatus.Error"/> only).</param>
    /// <returns>This span, for chaining.</returns>
    public Span SetStatus(SpanStatus status, string? description = null)
    {
        ValidateStatus(status);
        if (!IsWritable) return this;
        SetErrorCore(status == SpanStatus.Error ? description ?? Error : null);
        TrySetStatusBeforeEnd((int)status);
        return this;
    }

    /// <summary>
    /// Records a failure: status <see cref="SpanStatus.Error"/>, <see cref="Error"/> set to
    /// <c>{Type}: {Message}</c>, and an <c>exception</c> event with <c>exception.type</c>,
    /// <c>exception.message</c> and <c>exception.stacktrace</c> (OpenTelemetry semantic conventions).
    /// Does not end the span.
    /// </summary>
    /// <param name="exception">The exception.</param>
    /// <returns>This span, for chaining.</returns>
    public Span RecordException(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        if (!IsWritable) return this;
        RecordExceptionCore(exception, Tracer.Clock.ToUtcTicks(Tracer.Clock.GetTimestamp()));
        TrySetStatusBeforeEnd((int)SpanStatus.Error);
        return this;
    }

    /// <summary>Ends the span now with an explicit outcome (the first end wins; later calls do nothing).</summary>
    /// <param name="status">The outcome. Default <see cref="SpanStatus.Ok"/>.</param>
    /// <param name="error">Why it failed; for <see cref="SpanStatus.Error"/> with no text, an error recorded earlier is kept.</param>
    public void Finish(SpanStatus status = SpanStatus.Ok, string? error = null)
    {
        ValidateStatus(status);
        if ((Volatile.Read(ref _state) & FlagEnding) != 0 || IsForeign) return;
        End(status, error, Tracer.Clock.GetTimestamp(), explicitStatus: true, escaping: null);
    }

    /// <summary>
    /// Ends the span: <see cref="SpanStatus.Error"/> when its <c>using</c> block is being left by an
    /// exception, else <see cref="SpanStatus.Ok"/> unless a status was set earlier. Makes the previous
    /// span current again. The first end wins.
    /// </summary>
    public void Dispose()
    {
        var state = Volatile.Read(ref _state);
        if ((state & FlagEnding) != 0 || IsForeign) return;
        if ((state & FlagRecording) == 0)
        {
            // Nothing to time or record: only the current span to restore.
            End(SpanStatus.Unset, null, 0, explicitStatus: false, escaping: null);
            return;
        }

        var timestamp = Tracer.Clock.GetTimestamp();
        var escaping = ExceptionTracker.FindEscapingException(this);
        End(escaping is null ? SpanStatus.Ok : SpanStatus.Error, null, timestamp, explicitStatus: false, escaping);
    }

    /// <summary>The span with the guide's keys (<c>span_id</c>, <c>trace_id</c>, <c>duration_ms</c>...).</summary>
    public IReadOnlyDictionary<string, object?> ToDictionary()
    {
        var events = Events;
        var eventList = new List<IReadOnlyDictionary<string, object?>>(events.Count);
        foreach (var spanEvent in events) eventList.Add(spanEvent.ToDictionary());
        return new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["span_id"] = SpanId,
            ["trace_id"] = TraceId,
            ["parent_span_id"] = ParentSpanId,
            ["name"] = Name,
            ["kind"] = Kind.ToString().ToLowerInvariant(),
            ["start_time"] = StartTime.ToString("O", CultureInfo.InvariantCulture),
            ["end_time"] = EndTime?.ToString("O", CultureInfo.InvariantCulture),
            ["duration_ms"] = DurationMs,
            ["status"] = Status.ToString().ToLowerInvariant(),
            ["attributes"] = new Dictionary<string, object?>(Attributes, StringComparer.Ordinal),
            ["events"] = eventList,
            ["error"] = Error,
        };
    }

    /// <summary>The span's name and ids, for debugging.</summary>
    public override string ToString() => $"{Name} (trace {TraceId}, span {SpanId}, {Status})";
}
