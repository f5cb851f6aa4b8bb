using System.Buffers;
using System.Diagnostics;
using System.Text.Json.Nodes;
using NumAgents.Instrumentation.Export;
using NumAgents.Instrumentation.Export.Jaeger;
using NumAgents.Instrumentation.Internal;
using NumAgents.Instrumentation.Tracing;

namespace NumAgents.Instrumentation;

/// <summary>
/// Creates spans, keeps the current span per async flow, and retains finished spans for queries and
/// export. Thread-safe.
/// </summary>
/// <remarks>
/// <para>
/// The current span is async-local: it flows across <c>await</c>, into <c>Task.Run</c> and into each
/// branch of <c>Task.WhenAll</c>, and a change made inside an async method never leaks to its caller.
/// Each tracer has its own current span, so two monitors never parent each other's spans.
/// </para>
/// <para>
/// Timestamps: every start and end is one <see cref="TimeProvider.GetTimestamp"/> call on
/// <see cref="MonitorOptions.TimeProvider"/>; wall-clock times are derived from one anchor
/// (<see cref="TimeProvider.GetUtcNow"/> and a timestamp read together when the tracer is created), so a
/// run under a fake clock is reproducible and a span's duration never jumps with the system clock.
/// </para>
/// <para>
/// Sampling is parent-based (<see cref="MonitorOptions.SamplingRatio"/>): a new trace is sampled by
/// ratio on its trace id, a child follows its parent. A sampled-out span records nothing; its children
/// share its context and cost no allocation.
/// </para>
/// <para>
/// Retention is bounded by <see cref="MonitorOptions.MaxRetainedSpans"/>: finished spans are kept in a
/// ring, the oldest are evicted first and counted in <see cref="MonitorStatistics.DroppedSpans"/>.
/// Spans still running are not retained until they end.
/// </para>
/// </remarks>
public sealed class Tracer
{
    private readonly AsyncLocal<Span?> _current = new();
    private readonly Span _inert;
    private readonly int _maxRetainedSpans;
    private readonly long _anchorTimestamp;
    private readonly long _anchorUtcTicks;
    private readonly long _timestampsPerTick;
    private readonly double _ticksPerTimestamp;
    private readonly double _millisecondsPerTimestamp;
    private readonly bool _sampleAll;
    private readonly long _samplingThreshold;
    private readonly SeededIdGenerator? _seededIds;
    private readonly bool _systemClock;
    private SpanStore _store;
    private long _droppedBeforeClear;
    private readonly StripedCounter _activeRoots = new();
    private long _exportErrors;
    private long _instrumentationErrors;

    /// <summary>
    /// The name of the <see cref="ActivitySource"/> that publishes every span as an
    /// <see cref="Activity"/> while a listener is attached (subscribe with OpenTelemetry's <c>AddSource</c>).
    /// </summary>
    public const string ActivitySourceName = ActivityBridge.SourceName;

    /// <summary>Creates an enabled tracer with default options.</summary>
    public Tracer()
        : this(new MonitorOptions())
    {
    }

    /// <summary>Creates a tracer (<see cref="MonitorOptions.EnableTracing"/> decides whether it records).</summary>
    /// <param name="options">Service name, clock, sampling ratio and retention limit.</param>
    public Tracer(MonitorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validated();
        IsEnabled = options.EnableTracing;
        ServiceName = options.ServiceName;
        TimeProvider = options.TimeProvider;
        _maxRetainedSpans = options.MaxRetainedSpans;
        _store = new SpanStore(_maxRetainedSpans);
        _inert = Instrumentation.Span.CreateInert(this);

        _systemClock = ReferenceEquals(TimeProvider, TimeProvider.System);
        _anchorTimestamp = TimeProvider.GetTimestamp();
        _anchorUtcTicks = TimeProvider.GetUtcNow().UtcTicks;
        var frequency = TimeProvider.TimestampFrequency;
        _timestampsPerTick = frequency % TimeSpan.TicksPerSecond == 0 ? frequency / TimeSpan.TicksPerSecond : 0;
        _ticksPerTimestamp = (double)TimeSpan.TicksPerSecond / frequency;
        _millisecondsPerTimestamp = 1000.0 / frequency;

        _sampleAll = options.SamplingRatio >= 1;
        _samplingThreshold = options.SamplingRatio <= 0 ? 0 : (long)(options.SamplingRatio * long.MaxValue);
        _seededIds = options.IdSeed is { } seed ? new SeededIdGenerator(seed) : null;
        if (IsEnabled) ExceptionTracker.EnsureInstalled();
    }

    /// <summary>Whether this tracer records. A disabled tracer accepts every call and returns a span that records nothing.</summary>
    public bool IsEnabled { get; }

    /// <summary>The service name exported with the spans.</summary>
    public string ServiceName { get; }

    /// <summary>
    /// The span current on this async flow, or <see langword="null"/>. A sampled-out span is current
    /// like any other (it carries the trace's context); a trace started by <see cref="StartTrace"/> with
    /// no span yet has no current span.
    /// </summary>
    public Span? CurrentSpan => _current.Value is { IsAnchor: false } span ? span : null;

    /// <summary>
    /// The context that children and injected headers continue: the current span's, or that of the
    /// trace started by <see cref="StartTrace"/>; <see langword="default"/> (invalid) when there is none.
    /// </summary>
    public SpanContext CurrentContext => _current.Value?.Context ?? default;

    internal TimeProvider TimeProvider { get; }

    /// <summary>The raw async-local value, StartTrace anchors included.</summary>
    internal Span? CurrentRaw => _current.Value;

    internal int RetainedSpans => Volatile.Read(ref _store).Count;

    internal long DroppedSpans => Interlocked.Read(ref _droppedBeforeClear) + Volatile.Read(ref _store).Dropped;

    internal long ActiveTraces => Math.Max(0, _activeRoots.Value);

    internal long ExportErrors => Interlocked.Read(ref _exportErrors);

    /// <summary>
    /// Starts a new trace on this async flow: spans started next (with <see cref="Span(string, IReadOnlyDictionary{string, object?}?)"/>)
    /// are its root spans. The name is exported with them as the <c>trace.name</c> tag. No span is
    /// created, so nothing is left running.
    /// </summary>
    /// <param name="name">The trace's name, for example <c>user_registration</c>.</param>
    /// <param name="traceId">A trace id to use (32 hex digits); default a new random one.</param>
    /// <returns>The trace id: 32 lowercase hex digits.</returns>
    /// <exception cref="ArgumentException">The name is empty or the trace id is malformed.</exception>
    public string StartTrace(string name, string? traceId = null)
    {
        ValidateName(name);
        ulong high, low;
        if (traceId is null) NewTraceId(out high, out low);
        else TraceIds.ParseTraceIdArgument(traceId, nameof(traceId), out high, out low);
        if (!IsEnabled) return TraceIds.FormatTraceId(high, low);
        var anchor = Instrumentation.Span.CreateAnchor(this, name, high, low, NewSpanId(), ShouldSample(high), GetTimestamp());
        _current.Value = anchor;
        return anchor.TraceId;
    }

    /// <summary>
    /// Starts a span that is a child of the current span (or the root of a new trace) and is current until
    /// it ends; use it with <c>using</c>.
    /// </summary>
    /// <param name="name">The operation name.</param>
    /// <param name="attributes">Initial attributes.</param>
    /// <exception cref="ArgumentException">The name is empty.</exception>
    public Span Span(string name, IReadOnlyDictionary<string, object?>? attributes = null)
    {
        ValidateName(name);
        if (!IsEnabled) return _inert;
        var parent = _current.Value;

        // A sampled-out parent's children share its context: no clock read, no allocation.
        if (parent is not null && !parent.IsSampled) return parent.GetOrCreateView();
        var span = StartChildOf(parent, name, GetTimestamp(), SpanKind.Internal, active: true);
        if (attributes is not null) SetAttributes(span, attributes);
        return span;
    }

    /// <summary>
    /// Continues a trace from another process: starts a span whose parent is <paramref name="parent"/>
    /// (for example extracted from a <c>traceparent</c> header)
    /// and makes it current until it ends. An invalid context starts a new trace.
    /// </summary>
    /// <param name="name">The operation name.</param>
    /// <param name="parent">The remote parent's context.</param>
    /// <param name="kind">The span's role; default <see cref="SpanKind.Server"/>.</param>
    /// <param name="attributes">Initial attributes.</param>
    public Span Span(string name, SpanContext parent, SpanKind kind = SpanKind.Server, IReadOnlyDictionary<string, object?>? attributes = null)
    {
        ValidateName(name);
        ValidateKind(kind);
        if (!IsEnabled) return _inert;
        var timestamp = GetTimestamp();
        Instrumentation.Span span;
        if (!parent.IsValid)
        {
            // A malformed or missing header starts a new trace.
            span = StartRoot(name, timestamp, kind, active: true);
        }
        else
        {
            var placeholder = Instrumentation.Span.CreateRemoteParent(this, parent, _current.Value, remote: true);
            span = Create(placeholder, name, parent.TraceIdHigh, parent.TraceIdLow, parent.IsSampled, timestamp, kind, active: true);
            _current.Value = span;
        }

        if (attributes is not null) SetAttributes(span, attributes);
        return span;
    }

    /// <summary>
    /// Starts a span without making it current (end it with <see cref="FinishSpan"/> or
    /// <see cref="Span.Finish"/>).
    /// </summary>
    /// <param name="name">The operation name.</param>
    /// <param name="traceId">The trace to join; default the current trace, else a new one.</param>
    /// <param name="parentSpanId">The parent span's id; default the current span when it is in the same
    /// trace, else none (the span is a root).</param>
    /// <param name="attributes">Initial attributes.</param>
    /// <exception cref="ArgumentException">The name is empty, an id is malformed, or a parent id is given with no trace.</exception>
    public Span StartSpan(string name, string? traceId = null, string? parentSpanId = null, IReadOnlyDictionary<string, object?>? attributes = null)
    {
        ValidateName(name);
        ulong high = 0, low = 0, parentId = 0;
        if (traceId is not null) TraceIds.ParseTraceIdArgument(traceId, nameof(traceId), out high, out low);
        if (parentSpanId is not null) parentId = TraceIds.ParseSpanIdArgument(parentSpanId, nameof(parentSpanId));
        if (!IsEnabled) return _inert;

        var timestamp = GetTimestamp();
        var current = _current.Value;
        Instrumentation.Span span;
        if (traceId is null && parentSpanId is null)
        {
            span = StartChildOf(current, name, timestamp, SpanKind.Internal, active: false);
        }
        else
        {
            if (traceId is null)
            {
                if (current is null)
                {
                    throw new ArgumentException($"Span '{name}': a parent span id needs a trace id when no trace is current.", nameof(traceId));
                }

                high = current.TraceIdHigh;
                low = current.TraceIdLow;
            }

            var sameTrace = current is not null && current.TraceIdHigh == high && current.TraceIdLow == low;
            if (parentSpanId is null)
            {
                // A root of the named trace, or a child of the current span when that is in the same trace.
                span = sameTrace ? StartChildOf(current, name, timestamp, SpanKind.Internal, active: false) : Create(this, name, high, low, ShouldSample(high), timestamp, SpanKind.Internal, active: false);
            }
            else if (sameTrace && !current!.IsAnchor && current.SpanIdValue == parentId)
            {
                span = StartChildOf(current, name, timestamp, SpanKind.Internal, active: false);
            }
            else
            {
                var placeholder = Instrumentation.Span.CreateRemoteParent(this, new SpanContext(high, low, parentId, ShouldSample(high), null, isRemote: false), previous: null, remote: false);
                span = Create(placeholder, name, high, low, placeholder.IsSampled, timestamp, SpanKind.Internal, active: false);
            }
        }

        if (attributes is not null) SetAttributes(span, attributes);
        return span;
    }

    /// <summary>
    /// Starts a span that is a child of the current span and is current until it ends, at a timestamp the
    /// caller already took; generated code shares that timestamp with a timer and a counter.
    /// </summary>
    /// <param name="name">The operation name.</param>
    /// <param name="startTimestamp">A timestamp from the monitor's <see cref="TimeProvider.GetTimestamp"/>.</param>
    /// <param name="kind">The span's role.</param>
    public Span StartActiveSpan(string name, long startTimestamp, SpanKind kind = SpanKind.Internal)
    {
        ValidateName(name);
        ValidateKind(kind);
        if (!IsEnabled) return _inert;
        return StartChildOf(_current.Value, name, startTimestamp, kind, active: true);
    }

    /// <summary>Ends a span (the first end wins; later calls do nothing).</summary>
    /// <param name="span">The span.</param>
    /// <param name="status">The outcome. Default <see cref="SpanStatus.Ok"/>.</param>
    /// <param name="error">Why it failed.</param>
    public void FinishSpan(Span span, SpanStatus status = SpanStatus.Ok, string? error = null)
    {
        ArgumentNullException.ThrowIfNull(span);
        span.Finish(status, error);
    }

    /// <summary>The retained (finished) span with this id, or <see langword="null"/>.</summary>
    /// <param name="spanId">16 hex digits.</param>
    /// <exception cref="ArgumentException">The id is malformed.</exception>
    public Span? GetSpan(string spanId)
    {
        var id = TraceIds.ParseSpanIdArgument(spanId, nameof(spanId));
        return Volatile.Read(ref _store).Find(id);
    }

    /// <summary>The retained (finished) spans of one trace, by start time; empty for an unknown trace.</summary>
    /// <param name="traceId">32 hex digits.</param>
    /// <exception cref="ArgumentException">The id is malformed.</exception>
    public IReadOnlyList<Span> GetTraceSpans(string traceId)
    {
        TraceIds.ParseTraceIdArgument(traceId, nameof(traceId), out var high, out var low);
        return SortByStart(Volatile.Read(ref _store).Snapshot(span => span.TraceIdHigh == high && span.TraceIdLow == low));
    }

    /// <summary>Every retained (finished) span, by start time.</summary>
    public IReadOnlyList<Span> GetAllSpans() => SortByStart(Volatile.Read(ref _store).Snapshot());

    /// <summary>
    /// Forgets every retained span. Spans still running are kept when they end; the count of dropped
    /// spans is not reset.
    /// </summary>
    public void Clear()
    {
        var previous = Interlocked.Exchange(ref _store, new SpanStore(_maxRetainedSpans));
        Interlocked.Add(ref _droppedBeforeClear, previous.Dropped);
    }

    /// <summary>
    /// The trace in the Jaeger UI's JSON format: <c>{"data":[{"traceID","spans","processes"}]}</c>, ids in
    /// hex, times in microseconds, typed tags, <c>CHILD_OF</c> references, events as logs and the
    /// monitor's service name as the process. An unknown trace gives an empty <c>data</c> array.
    /// </summary>
    /// <param name="traceId">32 hex digits.</param>
    /// <exception cref="ArgumentException">The id is malformed.</exception>
    public JsonObject ExportJaeger(string traceId)
    {
        TraceIds.ParseTraceIdArgument(traceId, nameof(traceId), out var high, out var low);
        return ToJsonObject(GroupByTrace(Volatile.Read(ref _store).Snapshot(span => span.TraceIdHigh == high && span.TraceIdLow == low)));
    }

    /// <summary>Every retained trace in the Jaeger UI's JSON format (one <c>data</c> entry per trace, oldest first).</summary>
    public JsonObject ExportJaeger() => ToJsonObject(GroupByTrace(Volatile.Read(ref _store).Snapshot()));

    /// <summary>
    /// Streams every retained trace in the Jaeger UI's JSON format to <paramref name="stream"/> through a
    /// pooled buffer. A failing stream is contained: it is counted in
    /// <see cref="MonitorStatistics.ExportErrors"/> and never thrown.
    /// </summary>
    /// <param name="stream">A writable stream.</param>
    /// <returns><see langword="true"/> when everything was written.</returns>
    public bool WriteJaeger(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return WriteJaeger(stream, GroupByTrace(Volatile.Read(ref _store).Snapshot()));
    }

    /// <summary>Streams one trace in the Jaeger UI's JSON format (an empty <c>data</c> array for an unknown trace).</summary>
    /// <param name="stream">A writable stream.</param>
    /// <param name="traceId">32 hex digits.</param>
    /// <returns><see langword="true"/> when everything was written.</returns>
    /// <exception cref="ArgumentException">The id is malformed.</exception>
    public bool WriteJaeger(Stream stream, string traceId)
    {
        ArgumentNullException.ThrowIfNull(stream);
        TraceIds.ParseTraceIdArgument(traceId, nameof(traceId), out var high, out var low);
        return WriteJaeger(stream, GroupByTrace(Volatile.Read(ref _store).Snapshot(span => span.TraceIdHigh == high && span.TraceIdLow == low)));
    }

    /// <summary>A timestamp from the monitor's clock; the system clock is called directly (no virtual call).</summary>
    internal long GetTimestamp() => _systemClock ? Stopwatch.GetTimestamp() : TimeProvider.GetTimestamp();

    /// <summary>
    /// Streams every retained trace in the Jaeger UI's JSON format without blocking on the stream (for
    /// an HTTP response, for example): traces are written into a pooled buffer that is flushed
    /// asynchronously every 64 KiB. A failing stream is contained and counted like
    /// <see cref="WriteJaeger(Stream)"/>; cancellation is thrown.
    /// </summary>
    /// <param name="stream">A writable stream.</param>
    /// <param name="cancellationToken">Cancels the export.</param>
    /// <returns><see langword="true"/> when everything was written.</returns>
    public Task<bool> WriteJaegerAsync(Stream stream, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return WriteJaegerAsync(stream, GroupByTrace(Volatile.Read(ref _store).Snapshot()), cancellationToken);
    }

    /// <summary>Streams one trace in the Jaeger UI's JSON format without blocking on the stream.</summary>
    /// <param name="stream">A writable stream.</param>
    /// <param name="traceId">32 hex digits.</param>
    /// <param name="cancellationToken">Cancels the export.</param>
    /// <returns><see langword="true"/> when everything was written.</returns>
    /// <exception cref="ArgumentException">The id is malformed.</exception>
    public Task<bool> WriteJaegerAsync(Stream stream, string traceId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        TraceIds.ParseTraceIdArgument(traceId, nameof(traceId), out var high, out var low);
        return WriteJaegerAsync(stream, GroupByTrace(Volatile.Read(ref _store).Snapshot(span => span.TraceIdHigh == high && span.TraceIdLow == low)), cancellationToken);
    }

    internal long ToUtcTicks(long timestamp)
    {
        var delta = timestamp - _anchorTimestamp;
        var ticks = _anchorUtcTicks + (_timestampsPerTick > 0 ? delta / _timestampsPerTick : (long)(delta * _ticksPerTimestamp));

        // A clock that misbehaves must not make reading a span throw.
        return Math.Clamp(ticks, DateTimeOffset.MinValue.UtcTicks, DateTimeOffset.MaxValue.UtcTicks);
    }

    internal DateTimeOffset ToWallClock(long timestamp) => new(ToUtcTicks(timestamp), TimeSpan.Zero);

    internal double ToMilliseconds(long elapsedTimestamps) => Math.Max(0, elapsedTimestamps * _millisecondsPerTimestamp);

    internal long InstrumentationErrors => Interlocked.Read(ref _instrumentationErrors);

    internal void OnEnded(Span span)
    {
        if (span.IsLocalRoot) _activeRoots.Decrement();
        if (ActivityBridge.HasInFlight) ActivityBridge.Stop(this, span);
        try
        {
            Volatile.Read(ref _store).Add(span);
        }
        catch (Exception exception)
        {
            // The ring is allocated on first use; a huge MaxRetainedSpans must not fail the user's Dispose.
            Interlocked.Increment(ref _instrumentationErrors);
            InstrumentationEventSource.Log.InstrumentationFailed("tracing.retention", exception);
        }
    }

    internal void RestoreCurrent(Span span, Span? previous)
    {
        if (ReferenceEquals(_current.Value, span)) _current.Value = previous;
    }

    private static void ValidateName(string name)
    {
        if (string.IsNullOrEmpty(name)) throw new ArgumentException("A span name must not be null or empty.", nameof(name));
    }

    private static void ValidateKind(SpanKind kind)
    {
        if (kind is < SpanKind.Internal or > SpanKind.Consumer) throw new ArgumentOutOfRangeException(nameof(kind), kind, $"{kind} is not a SpanKind.");
    }

    private static void SetAttributes(Span span, IReadOnlyDictionary<string, object?> attributes)
    {
        foreach (var (key, value) in attributes) span.SetAttribute(key, value);
    }

    /// <summary>Spans grouped by trace, traces in order of their first span, spans by start time.</summary>
    private static List<List<Span>> GroupByTrace(List<Span> spans)
    {
        var traces = new List<List<Span>>();
        var index = new Dictionary<(ulong, ulong), List<Span>>();
        foreach (var span in SortByStart(spans))
        {
            if (!index.TryGetValue((span.TraceIdHigh, span.TraceIdLow), out var trace))
            {
                trace = [];
                index.Add((span.TraceIdHigh, span.TraceIdLow), trace);
                traces.Add(trace);
            }

            trace.Add(span);
        }

        return traces;
    }

    private static List<Span> SortByStart(List<Span> spans)
    {
        // Stable: spans that started at the same instant keep their finishing order.
        var keyed = new (long Start, int Order, Span Span)[spans.Count];
        for (var i = 0; i < keyed.Length; i++) keyed[i] = (spans[i].StartTimestamp, i, spans[i]);
        Array.Sort(keyed, static (a, b) => a.Start != b.Start ? a.Start.CompareTo(b.Start) : a.Order.CompareTo(b.Order));
        for (var i = 0; i < keyed.Length; i++) spans[i] = keyed[i].Span;
        return spans;
    }

    private JsonObject ToJsonObject(List<List<Span>> traces)
    {
        var buffer = new ArrayBufferWriter<byte>(16 * 1024);
        try
        {
            JaegerJsonWriter.Write(buffer, traces, this);
            return JsonNode.Parse(buffer.WrittenSpan)!.AsObject();
        }
        catch (Exception exception)
        {
            ReportExportFailure(exception);
            return new JsonObject { ["data"] = new JsonArray(), ["total"] = 0, ["limit"] = 0, ["offset"] = 0, ["errors"] = null };
        }
    }

    private bool WriteJaeger(Stream stream, List<List<Span>> traces)
    {
        try
        {
            using var output = new StreamBufferWriter(stream);
            JaegerJsonWriter.Write(output, traces, this);
            output.Flush();
            return true;
        }
        catch (Exception exception)
        {
            ReportExportFailure(exception);
            return false;
        }
    }

    private async Task<bool> WriteJaegerAsync(Stream stream, List<List<Span>> traces, CancellationToken cancellationToken)
    {
        const int FlushThreshold = 64 * 1024;
        var buffer = new PooledBufferWriter();
        try
        {
            var writer = JaegerJsonWriter.CreateWriter(buffer);
            await using (writer.ConfigureAwait(false))
            {
                JaegerJsonWriter.WriteStart(writer);
                foreach (var trace in traces)
                {
                    JaegerJsonWriter.WriteTrace(writer, trace, this);
                    writer.Flush();
                    if (buffer.WrittenCount < FlushThreshold) continue;
                    await stream.WriteAsync(buffer.WrittenMemory, cancellationToken).ConfigureAwait(false);
                    buffer.Reset();
                }

                JaegerJsonWriter.WriteEnd(writer, traces.Count);
                writer.Flush();
            }

            await stream.WriteAsync(buffer.WrittenMemory, cancellationToken).ConfigureAwait(false);
            await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            ReportExportFailure(exception);
            return false;
        }
        finally
        {
            buffer.Dispose();
        }
    }

    private void ReportExportFailure(Exception exception)
    {
        Interlocked.Increment(ref _exportErrors);
        InstrumentationEventSource.Log.ExportFailed("jaeger", exception);
    }

    private Span StartChildOf(Span? parent, string name, long startTimestamp, SpanKind kind, bool active)
    {
        if (parent is null) return StartRoot(name, startTimestamp, kind, active);

        // A sampled-out parent's children share its context: nothing to record, nothing to allocate.
        if (!parent.IsSampled) return parent.GetOrCreateView();

        var spanId = NewPublishedSpanId(name, parent.TraceIdHigh, parent.TraceIdLow, parent.IsAnchor ? 0 : parent.SpanIdValue, kind, startTimestamp, active, out var activity);
        var span = Instrumentation.Span.CreateRecording(parent, name, parent.TraceIdHigh, parent.TraceIdLow, spanId, startTimestamp, kind, active);
        if (activity is not null) ActivityBridge.Attach(span, activity);
        if (parent.IsAnchor) _activeRoots.Increment();
        if (active) _current.Value = span;
        return span;
    }

    private Span StartRoot(string name, long startTimestamp, SpanKind kind, bool active)
    {
        // A span started inside an ASP.NET Core request or any other Activity joins that trace.
        if (ActivityBridge.TryGetIncomingParent(out var incoming))
        {
            var placeholder = Instrumentation.Span.CreateRemoteParent(this, incoming, _current.Value, remote: true);
            var child = Create(placeholder, name, incoming.TraceIdHigh, incoming.TraceIdLow, incoming.IsSampled, startTimestamp, kind, active);
            if (active) _current.Value = child;
            return child;
        }

        NewTraceId(out var high, out var low);
        var span = Create(this, name, high, low, ShouldSample(high), startTimestamp, kind, active);
        if (active) _current.Value = span;
        return span;
    }

    private Span Create(object parentOrTracer, string name, ulong high, ulong low, bool sampled, long startTimestamp, SpanKind kind, bool active)
    {
        if (!sampled) return Instrumentation.Span.CreateNonRecording(parentOrTracer, name, high, low, NewSpanId(), startTimestamp, kind, active);
        var parentSpanId = parentOrTracer is Span { IsAnchor: false } parentSpan ? parentSpan.SpanIdValue : 0;
        var spanId = NewPublishedSpanId(name, high, low, parentSpanId, kind, startTimestamp, active, out var activity);
        var span = Instrumentation.Span.CreateRecording(parentOrTracer, name, high, low, spanId, startTimestamp, kind, active);
        if (activity is not null) ActivityBridge.Attach(span, activity);
        if (span.IsLocalRoot) _activeRoots.Increment();
        return span;
    }

    /// <summary>A new span id, or, while an ActivityListener listens, the id of the activity published for the span.</summary>
    private ulong NewPublishedSpanId(string name, ulong high, ulong low, ulong parentSpanId, SpanKind kind, long startTimestamp, bool active, out Activity? activity)
    {
        activity = null;
        if (!ActivityBridge.IsListening) return NewSpanId();
        var published = ActivityBridge.TryStart(this, name, high, low, parentSpanId, kind, startTimestamp, active, out activity);
        return published != 0 ? published : NewSpanId();
    }

    internal void ReportBridgeFailure(Exception exception)
    {
        Interlocked.Increment(ref _instrumentationErrors);
        InstrumentationEventSource.Log.InstrumentationFailed("tracing.activity", exception);
    }

    private ulong NewSpanId() => _seededIds is null ? TraceIds.NewSpanId() : _seededIds.NewSpanId();

    private void NewTraceId(out ulong high, out ulong low)
    {
        if (_seededIds is null) TraceIds.NewTraceId(out high, out low);
        else _seededIds.NewTraceId(out high, out low);
    }

    private bool ShouldSample(ulong traceIdHigh) => _sampleAll || TraceIds.SamplingValue(traceIdHigh) < _samplingThreshold;
}
