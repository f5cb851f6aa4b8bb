using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using NumAgents.Instrumentation.Logging;
using NumAgents.Instrumentation.Tracing;

namespace NumAgents.Instrumentation;

/// <summary>
/// One timed operation of a trace. Created by a <see cref="Tracer"/>; ended by <see cref="Dispose"/>,
/// <see cref="Finish"/>, <see cref="End"/> or <see cref="Tracer.FinishSpan"/>, whichever comes first.
/// Thread-safe.
/// </summary>
/// <remarks>
/// <para>
/// A span whose <c>using</c> block is left by an exception ends <see cref="SpanStatus.Error"/> with the
/// exception's type and message in <see cref="Error"/>, without a catch in user code; otherwise
/// <see cref="Dispose"/> ends it <see cref="SpanStatus.Ok"/> (or keeps a status set earlier through
/// <see cref="SetStatus"/> or <see cref="RecordException"/>).
/// </para>
/// <para>
/// A span that is not recording (tracing disabled, or sampled out) accepts every call and keeps
/// nothing; it still carries its trace's context, so children and injected headers continue the trace
/// with the sampled flag off.
/// </para>
/// </remarks>
public sealed class Span : IDisposable
{
    /// <summary>The most events a span keeps (OpenTelemetry's default limit); later ones are counted as dropped.</summary>
    public const int MaxEvents = 128;

    /// <summary>The most attributes a span keeps (OpenTelemetry's default limit); later new keys are counted as dropped.</summary>
    public const int MaxAttributes = 128;

    /// <summary>The most links a span keeps (OpenTelemetry's default limit).</summary>
    public const int MaxLinks = 128;

    // _state packs the status, the kind and the flags below: with them a span is 88 bytes, and a root span
    // with its async-local change 160 B (SpanAllocationTests holds that budget).
    private const int StatusMask = 0b11;
    private const int KindShift = 2;
    private const int KindMask = 0b111 << KindShift;
    private const int FlagEnding = 1 << 5;
    private const int FlagEnded = 1 << 6;
    private const int FlagActive = 1 << 7;
    private const int FlagRecording = 1 << 8;
    private const int FlagSampled = 1 << 9;
    private const int FlagView = 1 << 10;
    private const int FlagAnchor = 1 << 11;
    private const int FlagRemote = 1 << 12;
    private const int FlagStatusByDispose = 1 << 13;
    private const int FlagStatusExplicit = 1 << 14;

    // The parent span for a child (a local span, a StartTrace anchor or a remote placeholder); the
    // tracer for a local root. One field for both keeps the span small; Tracer walks up to find it.
    private readonly object _parentOrTracer;
    private readonly string _name;
    private readonly ulong _traceIdHigh;
    private readonly ulong _traceIdLow;
    private readonly ulong _spanId;
    private readonly long _startTimestamp;
    private long _endTimestamp;

    // SpanDetails for a recording span, the shared child view for a non-recording one, RemoteParent for
    // a remote placeholder; created on first use.
    private object? _extra;
    private int _state;

    // The exception tracker's epoch when the span started (fills the padding after _state: no extra bytes).
    private readonly int _exceptionEpoch;

    private Span(object parentOrTracer, string name, ulong traceIdHigh, ulong traceIdLow, ulong spanId, long startTimestamp, int state)
    {
        _parentOrTracer = parentOrTracer;
        _name = name;
        _traceIdHigh = traceIdHigh;
        _traceIdLow = traceIdLow;
        _spanId = spanId;
        _startTimestamp = startTimestamp;
        _state = state;
        _exceptionEpoch = ExceptionTracker.Epoch;
    }

    /// <summary>The span id: 16 lowercase hex digits.</summary>
    public string SpanId
    {
        get
        {
            if ((_state & FlagRecording) != 0) return Details().RareDetails.SpanIdText ??= TraceIds.FormatSpanId(_spanId);
            return TraceIds.FormatSpanId(_spanId);
        }
    }

    /// <summary>The trace id: 32 lowercase hex digits.</summary>
    public string TraceId
    {
        get
        {
            if ((_state & FlagRecording) != 0) return Details().RareDetails.TraceIdText ??= TraceIds.FormatTraceId(_traceIdHigh, _traceIdLow);
            return TraceIds.FormatTraceId(_traceIdHigh, _traceIdLow);
        }
    }

    /// <summary>The parent span's id, or <see langword="null"/> for a root span.</summary>
    public string? ParentSpanId => ParentSpanIdValue is var id and not 0 ? TraceIds.FormatSpanId(id) : null;

    /// <summary>The operation name.</summary>
    public string Name => _name;

    /// <summary>The span's role (internal, server, client, producer, consumer).</summary>
    public SpanKind Kind => (SpanKind)((Volatile.Read(ref _state) & KindMask) >> KindShift);

    /// <summary>When the span started, from the monitor's <see cref="MonitorOptions.TimeProvider"/>.</summary>
    public DateTimeOffset StartTime => Tracer.ToWallClock(_startTimestamp);

    /// <summary>When the span ended, or <see langword="null"/> while it runs.</summary>
    public DateTimeOffset? EndTime => IsEnded ? Tracer.ToWallClock(Volatile.Read(ref _endTimestamp)) : null;

    /// <summary>The span's duration in milliseconds, or <see langword="null"/> while it runs.</summary>
    public double? DurationMs => IsEnded ? Tracer.ToMilliseconds(Volatile.Read(ref _endTimestamp) - _startTimestamp) : null;

    /// <summary>The span's outcome.</summary>
    public SpanStatus Status => (SpanStatus)(Volatile.Read(ref _state) & StatusMask);

    /// <summary>Why the span failed (for an exception: <c>{Type}: {Message}</c>), or <see langword="null"/>.</summary>
    public string? Error => (_extra as SpanDetails)?.Error;

    /// <summary>Whether the span has ended.</summary>
    public bool IsEnded => (Volatile.Read(ref _state) & FlagEnded) != 0;

    /// <summary>Whether the span records and has not started ending.</summary>
    private bool IsWritable => (Volatile.Read(ref _state) & (FlagRecording | FlagEnding)) == FlagRecording;

    /// <summary>Whether the span records what is set on it (false when tracing is off or the span was sampled out).</summary>
    public bool IsRecording => (_state & FlagRecording) != 0;

    /// <summary>The span's attributes, in the order they were first set.</summary>
    public IReadOnlyDictionary<string, object?> Attributes => AttributeList;

    /// <summary>The span's events, oldest first.</summary>
    public IReadOnlyList<SpanEvent> Events
    {
        get
        {
            if (_extra is not SpanDetails details) return [];
            using (details.Acquire())
            {
                return details.GetEvents();
            }
        }
    }

    /// <summary>The span's links to other spans.</summary>
    public IReadOnlyList<SpanLink> Links
    {
        get
        {
            if (_extra is not SpanDetails details) return [];
            using (details.Acquire())
            {
                return details.Rare?.Links is { } links ? links.ToArray() : [];
            }
        }
    }

    /// <summary>The span's context, as it propagates to children and to other processes.</summary>
    public SpanContext Context => new(_traceIdHigh, _traceIdLow, _spanId, IsSampled, TraceState, isRemote: false);

    /// <summary>Attributes, events and links that were not kept because a per-span limit was reached.</summary>
    public int DroppedCount => DroppedAttributes + DroppedEvents + DroppedLinks;

    internal int ExceptionEpoch => _exceptionEpoch;

    internal ulong TraceIdHigh => _traceIdHigh;

    internal ulong TraceIdLow => _traceIdLow;

    internal ulong SpanIdValue => _spanId;

    internal long StartTimestamp => _startTimestamp;

    internal long EndTimestamp => Volatile.Read(ref _endTimestamp);

    internal bool IsSampled => (_state & FlagSampled) != 0;

    internal bool IsAnchor => (_state & FlagAnchor) != 0;

    internal bool IsView => (_state & FlagView) != 0;

    /// <summary>The parent span object (a local span, an anchor or a remote placeholder), if any.</summary>
    internal Span? ParentObject => _parentOrTracer as Span;

    /// <summary>Whether the span is the first of its trace here (no parent, a StartTrace anchor or a parent in another process).</summary>
    internal bool IsLocalRoot => _parentOrTracer is not Span parent || (parent._state & (FlagAnchor | FlagRemote)) != 0;

    internal ulong ParentSpanIdValue
    {
        get
        {
            if (IsView) return ParentObject!.ParentSpanIdValue;
            return _parentOrTracer is Span parent && !parent.IsAnchor ? parent._spanId : 0;
        }
    }

    internal Tracer Tracer
    {
        get
        {
            var node = _parentOrTracer;
            while (node is Span span) node = span._parentOrTracer;
            return (Tracer)node;
        }
    }

    internal string? TraceState
    {
        get
        {
            for (var node = this; node is not null; node = node.ParentObject)
            {
                if (node._extra is RemoteParent remote) return remote.TraceState;
            }

            return null;
        }
    }

    internal ReadOnlyAttributes AttributeList
    {
        get
        {
            if (_extra is not SpanDetails details) return ReadOnlyAttributes.Empty;
            using (details.Acquire())
            {
                return details.GetAttributes();
            }
        }
    }

    /// <summary>The logging scope that correlates records with this span (cached on a recording span).</summary>
    internal SpanCorrelationScope CorrelationScope
    {
        get
        {
            if ((_state & FlagRecording) == 0) return new SpanCorrelationScope(Tracer.ServiceName, TraceId, IsAnchor ? null : SpanId);
            var rare = Details().RareDetails;
            return rare.CorrelationScope ??= new SpanCorrelationScope(Tracer.ServiceName, TraceId, SpanId);
        }
    }

    internal int DroppedAttributes => (_extra as SpanDetails)?.Rare?.DroppedAttributes ?? 0;

    internal int DroppedEvents => (_extra as SpanDetails)?.Rare?.DroppedEvents ?? 0;

    internal int DroppedLinks => (_extra as SpanDetails)?.Rare?.DroppedLinks ?? 0;

    /// <summary>Sets an attribute, replacing any value under the same key; a <see langword="null"/> value removes it.</summary>
    /// <param name="key">The attribute key, for example <c>http.method</c>.</param>
    /// <param name="value">A string, bool, long, double or an array of those. Other integers and floats are
    /// widened to long and double, enums and other values become their invariant string form.</param>
    /// <returns>This span, for chaining.</returns>
    /// <exception cref="ArgumentException"><paramref name="key"/> is null or empty.</exception>
    public Span SetAttribute(string key, object? value)
    {
        if (string.IsNullOrEmpty(key)) throw new ArgumentException($"Span '{_name}': an attribute key must not be null or empty.", nameof(key));
        if (!IsWritable) return this;
        var normalized = AttributeValues.Normalize(value);
        var details = Details();
        using (details.Acquire())
        {
            details.SetAttribute(key, normalized, MaxAttributes);
        }

        return this;
    }

    /// <summary>Records an event at the current time.</summary>
    /// <param name="name">The event name.</param>
    /// <param name="attributes">The event's attributes.</param>
    /// <returns>This span, for chaining.</returns>
    /// <exception cref="ArgumentException"><paramref name="name"/> is null or empty.</exception>
    public Span AddEvent(string name, IReadOnlyDictionary<string, object?>? attributes = null)
    {
        if (string.IsNullOrEmpty(name)) throw new ArgumentException($"Span '{_name}': an event name must not be null or empty.", nameof(name));
        if (!IsWritable) return this;
        var tracer = Tracer;
        var eventAttributes = attributes is null || attributes.Count == 0 ? ReadOnlyAttributes.Empty : ReadOnlyAttributes.From(AttributeValues.Copy(attributes, "event", name, _name));
        AddEventCore(name, tracer.ToUtcTicks(tracer.GetTimestamp()), eventAttributes);
        return this;
    }

    /// <summary>Links this span to another span that is related but not its parent.</summary>
    /// <param name="context">The linked span's context (from <see cref="Context"/> or an extracted header).</param>
    /// <param name="attributes">Attributes describing the link.</param>
    /// <returns>This span, for chaining.</returns>
    /// <exception cref="ArgumentException"><paramref name="context"/> is not valid.</exception>
    public Span AddLink(SpanContext context, IReadOnlyDictionary<string, object?>? attributes = null)
    {
        if (!context.IsValid) throw new ArgumentException($"Span '{_name}': a link needs a valid span context.", nameof(context));
        if (!IsWritable) return this;
        var link = new SpanLink(context, attributes);
        var details = Details();
        using (details.Acquire())
        {
            var rare = details.RareDetails;
            rare.Links ??= [];
            if (rare.Links.Count < MaxLinks) rare.Links.Add(link);
            else rare.DroppedLinks++;
        }

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
        var details = Details();
        using (details.Acquire())
        {
            details.Error = status == SpanStatus.Error ? description ?? details.Error : null;
        }

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
        RecordExceptionCore(exception, Tracer.GetTimestamp());
        TrySetStatusBeforeEnd((int)SpanStatus.Error);
        return this;
    }

    /// <summary>Ends the span now (the first end wins; later calls do nothing).</summary>
    /// <param name="status">The outcome. Default <see cref="SpanStatus.Ok"/>.</param>
    /// <param name="error">Why it failed; for <see cref="SpanStatus.Error"/> with no text, an error recorded earlier is kept.</param>
    public void Finish(SpanStatus status = SpanStatus.Ok, string? error = null)
    {
        ValidateStatus(status);
        if ((Volatile.Read(ref _state) & (FlagView | FlagEnding)) != 0) return;
        var tracer = Tracer;
        EndCore(tracer, status, error, tracer.GetTimestamp(), explicitStatus: true, escaping: null);
    }

    /// <summary>
    /// Ends the span at a timestamp the caller already took (generated code shares one timestamp between
    /// a span, a timer and a counter). Restores the previous current span like <see cref="Dispose"/>;
    /// the first end wins.
    /// </summary>
    /// <param name="status">The outcome.</param>
    /// <param name="error">Why it failed, or <see langword="null"/>.</param>
    /// <param name="endTimestamp">A timestamp from the monitor's <see cref="TimeProvider.GetTimestamp"/>.</param>
    public void End(SpanStatus status, string? error, long endTimestamp)
    {
        ValidateStatus(status);
        if ((Volatile.Read(ref _state) & (FlagView | FlagEnding)) != 0) return;
        EndCore(Tracer, status, error, endTimestamp, explicitStatus: true, escaping: null);
    }

    /// <summary>
    /// Ends the span: <see cref="SpanStatus.Error"/> when its <c>using</c> block is being left by an
    /// exception, else <see cref="SpanStatus.Ok"/> unless a status was set earlier. Makes the previous
    /// span current again. The first end wins.
    /// </summary>
    public void Dispose()
    {
        var state = Volatile.Read(ref _state);
        if ((state & (FlagView | FlagEnding)) != 0) return;
        var tracer = Tracer;
        if ((state & FlagRecording) == 0)
        {
            // Nothing to time or record: only the current span to restore.
            EndCore(tracer, SpanStatus.Unset, null, 0, explicitStatus: false, escaping: null);
            return;
        }

        var timestamp = tracer.GetTimestamp();
        var escaping = ExceptionTracker.FindEscapingException(this);
        EndCore(tracer, escaping is null ? SpanStatus.Ok : SpanStatus.Error, null, timestamp, explicitStatus: false, escaping);
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
    public override string ToString() => $"{_name} (trace {TraceId}, span {SpanId}, {Status})";

    internal static Span CreateRecording(object parentOrTracer, string name, ulong traceIdHigh, ulong traceIdLow, ulong spanId, long startTimestamp, SpanKind kind, bool active)
        => new(parentOrTracer, name, traceIdHigh, traceIdLow, spanId, startTimestamp, FlagRecording | FlagSampled | ((int)kind << KindShift) | (active ? FlagActive : 0));

    internal static Span CreateNonRecording(object parentOrTracer, string name, ulong traceIdHigh, ulong traceIdLow, ulong spanId, long startTimestamp, SpanKind kind, bool active)
        => new(parentOrTracer, name, traceIdHigh, traceIdLow, spanId, startTimestamp, ((int)kind << KindShift) | (active ? FlagActive : 0));

    internal static Span CreateAnchor(Tracer tracer, string name, ulong traceIdHigh, ulong traceIdLow, ulong spanId, bool sampled, long timestamp)
        => new(tracer, name, traceIdHigh, traceIdLow, spanId, timestamp, FlagAnchor | (sampled ? FlagSampled : 0));

    /// <summary>
    /// A stand-in for a parent known only by its context. <paramref name="remote"/>: it lives in another
    /// process, so its local child is the first span of the trace here (it counts as an active trace).
    /// </summary>
    internal static Span CreateRemoteParent(Tracer tracer, in SpanContext context, Span? previous, bool remote)
    {
        var placeholder = new Span(tracer, string.Empty, context.TraceIdHigh, context.TraceIdLow, context.SpanIdValue, 0, (remote ? FlagRemote : 0) | (context.IsSampled ? FlagSampled : 0));
        placeholder._extra = new RemoteParent(context.TraceState, previous);
        return placeholder;
    }

    /// <summary>A span that records nothing and ignores every end: the disabled tracer's span.</summary>
    internal static Span CreateInert(Tracer tracer) => new(tracer, string.Empty, 0, 0, 0, 0, FlagView | FlagEnding | FlagEnded);

    /// <summary>
    /// The span handed out for a child of this non-recording span: it shares this span's context (so the
    /// trace still propagates), is never made current and ignores every end. One per sampled-out span,
    /// so a sampled-out child costs no allocation.
    /// </summary>
    internal Span GetOrCreateView()
    {
        if (_extra is Span view) return view;
        var created = new Span(this, _name, _traceIdHigh, _traceIdLow, _spanId, _startTimestamp, FlagView | (_state & FlagSampled));
        return Interlocked.CompareExchange(ref _extra, created, null) as Span ?? created;
    }

    /// <summary>
    /// Stops this span being the current span of this async flow without ending it: the tracer's current
    /// span and <see cref="Activity.Current"/> become what they were when it started, and its later end
    /// changes neither in the flow that ends it. Generated code calls this before it returns the task of an
    /// awaitable method it started the span for, so the caller's flow goes on as it would without
    /// instrumentation while the span (current in the method's own flow) runs until the task completes.
    /// </summary>
    internal void LeaveScope()
    {
        // Claim the flag like every writer before the end: once the span is ending, the end decides.
        var current = Volatile.Read(ref _state);
        while ((current & (FlagActive | FlagEnding)) == FlagActive)
        {
            var observed = Interlocked.CompareExchange(ref _state, current & ~FlagActive, current);
            if (observed == current)
            {
                Tracer.RestoreCurrent(this, RestoreTarget);
                if ((current & FlagRecording) != 0 && ActivityBridge.HasInFlight) LeaveActivityScope();
                return;
            }

            current = observed;
        }
    }

    /// <summary>
    /// Makes the activity that was current before this span's published activity started current again,
    /// when that activity is still current. Only the activity knows its predecessor: it keeps it in the private
    /// field <c>_previousActiveActivity</c> (.NET 5 on) and restores it itself on <see cref="Activity.Stop"/>,
    /// while its <see cref="Activity.Parent"/> is null, as it was created from a parent context. A stopgap read
    /// with <see cref="UnsafeAccessorAttribute"/> (no reflection, no allocation): the bridge, which sees the
    /// previous activity when it starts this one, is where the rebuilt tracer should keep it.
    /// </summary>
    private void LeaveActivityScope()
    {
        var activity = Activity.Current;
        if (activity is null || activity.Source.Name != ActivityBridge.SourceName) return;
        System.Span<byte> id = stackalloc byte[8];
        activity.SpanId.CopyTo(id);
        if (BinaryPrimitives.ReadUInt64BigEndian(id) != _spanId) return;
        try
        {
            Activity.Current = PreviousActiveActivity(activity);
        }
        catch (MissingFieldException exception)
        {
            // A runtime without the field: the activity stays current until the span ends.
            Tracer.ReportBridgeFailure(exception);
        }
    }

    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "_previousActiveActivity")]
    private static extern ref Activity? PreviousActiveActivity(Activity activity);

    /// <summary>
    /// Corrects the outcome of a span that <see cref="Dispose"/> ended <see cref="SpanStatus.Ok"/> when the
    /// exception it could not see is rethrown right after (the compiler's rewrite of an awaiting using block).
    /// </summary>
    internal void FailAfterDispose(Exception exception)
    {
        var state = Volatile.Read(ref _state);
        if ((state & (FlagStatusByDispose | FlagRecording)) != (FlagStatusByDispose | FlagRecording) || (state & StatusMask) != (int)SpanStatus.Ok) return;
        RecordExceptionCore(exception, Volatile.Read(ref _endTimestamp));
        var current = Volatile.Read(ref _state);
        while (true)
        {
            var observed = Interlocked.CompareExchange(ref _state, (current & ~(StatusMask | FlagStatusByDispose)) | (int)SpanStatus.Error, current);
            if (observed == current) return;
            current = observed;
        }
    }

    private void EndCore(Tracer tracer, SpanStatus status, string? error, long endTimestamp, bool explicitStatus, Exception? escaping)
    {
        // The first end claims the span; a racing or repeated end returns here. After the claim no other
        // thread writes _state (every writer gives up once FlagEnding is set), so plain writes follow.
        var previous = Interlocked.Or(ref _state, FlagEnding);
        if ((previous & FlagEnding) != 0) return;
        int final;
        if ((previous & FlagRecording) != 0)
        {
            _endTimestamp = endTimestamp;
            if (escaping is not null) RecordExceptionCore(escaping, endTimestamp);
            if (error is not null || (explicitStatus && status != SpanStatus.Error && _extra is SpanDetails))
            {
                var details = Details();
                using (details.Acquire())
                {
                    details.Error = status == SpanStatus.Error ? error ?? details.Error : null;
                }
            }

            // Dispose keeps a status set earlier (SetStatus, RecordException) unless an exception escapes.
            var finalStatus = (int)status;
            if (!explicitStatus && status == SpanStatus.Ok && (previous & FlagStatusExplicit) != 0) finalStatus = previous & StatusMask;
            final = (previous & ~StatusMask) | finalStatus | FlagEnding | FlagEnded | (explicitStatus ? 0 : FlagStatusByDispose);
            Volatile.Write(ref _state, final);
            tracer.OnEnded(this);
        }
        else
        {
            Volatile.Write(ref _state, previous | FlagEnding | FlagEnded);
        }

        if ((previous & FlagActive) != 0) tracer.RestoreCurrent(this, RestoreTarget);
    }

    /// <summary>The span to make current again when this one ends: whatever was current when it started.</summary>
    private Span? RestoreTarget => _parentOrTracer switch
    {
        Span { _extra: RemoteParent remote } => remote.Previous,
        Span parent => parent,
        _ => null,
    };

    private void RecordExceptionCore(Exception exception, long timestamp)
    {
        var type = exception.GetType().FullName ?? exception.GetType().Name;
        AddEventCore(
            "exception",
            Tracer.ToUtcTicks(timestamp),
            ReadOnlyAttributes.From(
            [
                new("exception.type", type),
                new("exception.message", exception.Message),
                new("exception.stacktrace", exception.ToString()),
            ]));
        var details = Details();
        using (details.Acquire())
        {
            details.Error = $"{type}: {exception.Message}";
        }
    }

    private void AddEventCore(string name, long utcTicks, ReadOnlyAttributes attributes)
    {
        var details = Details();
        using (details.Acquire())
        {
            details.AddEvent(name, utcTicks, attributes, MaxEvents);
        }
    }

    private SpanDetails Details()
    {
        if (_extra is SpanDetails details) return details;
        var created = new SpanDetails();
        return Interlocked.CompareExchange(ref _extra, created, null) as SpanDetails ?? created;
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
            throw new ArgumentOutOfRangeException(nameof(status), status, $"Span '{_name}': {status} is not a SpanStatus.");
        }
    }
}
