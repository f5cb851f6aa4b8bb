using System.Diagnostics;
using NumAgents.Instrumentation.Internal;
using NumAgents.Instrumentation.Tracing;

namespace NumAgents.Instrumentation;

/// <summary>
/// Starts spans, knows the current span of each async flow, and retains finished spans for queries and
/// export (<c>ExportJaeger</c>). Thread-safe.
/// </summary>
/// <remarks>
/// <para>
/// Start a span with <see cref="Span(string, IReadOnlyDictionary{string, object?}?)"/> in a <c>using</c>
/// block: it is a child of the current span (or the root of a new trace), it is the current span until it
/// ends, and it ends when the block is left. That is the one way to start and end a span;
/// <see cref="StartSpan"/> and <see cref="FinishSpan"/> are the guide's manual pair for a span that must not
/// become current, and <see cref="Span(string, SpanContext, SpanKind, IReadOnlyDictionary{string, object?}?)"/>
/// continues a trace from another process.
/// </para>
/// <para>
/// The current span is async-local and process-wide, like <see cref="Activity.Current"/>: it flows across
/// <c>await</c>, into <c>Task.Run</c> and into each branch of <c>Task.WhenAll</c>; a change made inside an
/// async method never leaks to its caller; a span started inside an activity of another library (an
/// ASP.NET Core request, Microsoft.Extensions.AI's <c>execute_tool</c>) is its child, and a span of one
/// tracer started inside a span of another joins that trace. Each tracer retains its own spans.
/// </para>
/// <para>
/// While an <see cref="ActivityListener"/> listens to the <see cref="ActivitySourceName"/> source (the
/// OpenTelemetry SDK's <c>AddSource</c>, or this tracer collecting other libraries' activities), spans
/// are <see cref="Activity"/> objects: exporters receive them as they are and <see cref="Activity.Current"/>
/// is the current span, so the same trace reaches every listener. Otherwise no activity exists.
/// </para>
/// <para>
/// Timestamps come from <see cref="TracingOptions.TimeProvider"/>; sampling is parent-based
/// (<see cref="TracingOptions.SamplingRatio"/>); retention is bounded by
/// <see cref="TracingOptions.MaxRetainedSpans"/> (the oldest finished span is evicted first and counted as
/// dropped). Spans still running are found by <see cref="GetSpan"/> but not listed by
/// <see cref="GetTraceSpans"/> until they end.
/// </para>
/// </remarks>
public sealed partial class Tracer
{
    /// <summary>
    /// The name of the <see cref="ActivitySource"/> whose activities are this toolkit's spans (subscribe with
    /// OpenTelemetry's <c>AddSource</c>, or <c>AddNumAgentsInstrumentation()</c>).
    /// </summary>
    public const string ActivitySourceName = ActivityPublisher.SourceName;

    private readonly NonRecordingSpan _inert;
    private readonly int _maxRetainedSpans;
    private readonly SpanStarter _starter;
    private readonly StripedCounter _activeRoots = new();
    private SpanStore _store;
    private long _droppedBeforeClear;
    private long _exportErrors;
    private long _instrumentationErrors;
    private long _sampledOut;

    /// <summary>Creates an enabled tracer with default options.</summary>
    public Tracer()
        : this(new TracingOptions())
    {
    }

    /// <summary>Creates a tracer (<see cref="TracingOptions.Enabled"/> decides whether it records).</summary>
    /// <param name="options">Service name, clock, sampling, limits and the activity sources it collects.</param>
    public Tracer(TracingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validated();
        IsEnabled = options.Enabled;
        ServiceName = options.ServiceName;
        Clock = new SpanClock(options.TimeProvider);
        Limits = new AttributeLimits(options.AttributeValueLengthLimit);
        _maxRetainedSpans = options.MaxRetainedSpans;
        _store = new SpanStore(_maxRetainedSpans);
        _inert = NonRecordingSpan.CreateInert(this);
        _starter = new SpanStarter(this, new SamplingPolicy(options.SamplingRatio), options.IdSeed is { } seed ? new SeededIdGenerator(seed) : null);
        Collection = new CollectedSources(IsEnabled ? options.CollectedActivitySources : [], options.MaxCollectedActivitiesInFlight);
        UsesCarriers = Collection.Any && options.IdSeed is null;
        if (!IsEnabled) return;
        ExceptionTracker.EnsureInstalled();
        if (Collection.Any) ActivityCollector.Register(this);
    }

    /// <summary>Whether this tracer records. A disabled tracer accepts every call and returns a span that records nothing.</summary>
    public bool IsEnabled { get; }

    /// <summary>The service name exported with the spans.</summary>
    public string ServiceName { get; }

    /// <summary>
    /// The span current on this async flow, or <see langword="null"/>: the innermost of our spans and the
    /// activities this tracer collected. A sampled-out span is current like any other (it carries the
    /// trace's context); a trace started by <see cref="StartTrace"/> with no span yet has no current span.
    /// </summary>
    public Span? CurrentSpan => CurrentSpans.Find();

    /// <summary>
    /// The context that children and injected headers continue: the current span's, that of the trace
    /// started by <see cref="StartTrace"/>, or that of <see cref="Activity.Current"/> (any library's);
    /// <see langword="default"/> (invalid) when there is none.
    /// </summary>
    public SpanContext CurrentContext => CurrentSpans.Context();

    internal SpanClock Clock { get; }

    internal AttributeLimits Limits { get; }

    internal int RetainedSpans => Volatile.Read(ref _store).Count;

    internal long DroppedSpans => Interlocked.Read(ref _droppedBeforeClear) + Volatile.Read(ref _store).Dropped;

    internal long ActiveTraces => Math.Max(0, _activeRoots.Value);

    internal long ExportErrors => Interlocked.Read(ref _exportErrors);

    internal long InstrumentationErrors => Interlocked.Read(ref _instrumentationErrors);

    internal long SampledOutTraces => Interlocked.Read(ref _sampledOut);

    /// <summary>Prices and records the LLM calls the tracer learns of by itself (set by the monitor that owns it).</summary>
    internal IUsageObserver? UsageObserver { get; set; }

    /// <summary>What this tracer collects of other libraries' activities.</summary>
    internal CollectedSources Collection { get; }

    /// <summary>
    /// Whether the tracer collects the activities of the source named <paramref name="activitySourceName"/>
    /// when they run inside one of its traces (see <see cref="TracingOptions.CollectedActivitySources"/>).
    /// Integrations ask it to learn whether another library's span will carry a record (its usage, for
    /// example) into this tracer, so that they do not record it a second time.
    /// </summary>
    /// <param name="activitySourceName">An <see cref="System.Diagnostics.ActivitySource"/>'s name.</param>
    public bool CollectsActivitiesFrom(string activitySourceName)
    {
        ArgumentNullException.ThrowIfNull(activitySourceName);
        return Collection.Contains(activitySourceName);
    }

    /// <summary>
    /// Whether spans may be carrier activities: when collecting, unless ids must be reproducible
    /// (<see cref="TracingOptions.IdSeed"/>: an activity picks its own span id).
    /// </summary>
    internal bool UsesCarriers { get; }

    internal int ActiveSpanCount => ActiveSpans.Count(this);

    /// <summary>
    /// Starts a new trace on this async flow: spans started next are its root spans. The name is exported
    /// with them as the <c>trace.name</c> attribute. No span is created, so nothing is left running.
    /// </summary>
    /// <param name="name">The trace's name, for example <c>user_registration</c>.</param>
    /// <param name="traceId">A trace id to use (32 hex digits); default a new random one.</param>
    /// <returns>The trace id: 32 lowercase hex digits.</returns>
    /// <exception cref="ArgumentException">The name is empty or the trace id is malformed.</exception>
    public string StartTrace(string name, string? traceId = null)
    {
        ValidateName(name);
        ulong high, low;
        if (traceId is null) _starter.NewTraceId(out high, out low);
        else TraceIds.ParseTraceIdArgument(traceId, nameof(traceId), out high, out low);
        if (!IsEnabled) return TraceIds.FormatTraceId(high, low);
        return _starter.StartTrace(name, high, low).TraceId;
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
        var span = _starter.StartChild(name, SpanKind.Internal, Clock.GetTimestamp(), active: true);
        if (attributes is not null) SetAttributes(span, attributes);
        return span;
    }

    /// <summary>
    /// Continues a trace from another process: starts a span whose parent is <paramref name="parent"/>
    /// (for example extracted from a <c>traceparent</c> header) and makes it current until it ends. An
    /// invalid context starts a new trace. The parent's sampled flag decides whether the span records.
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
        var span = _starter.StartUnder(parent, name, kind, Clock.GetTimestamp(), active: true);
        if (attributes is not null) SetAttributes(span, attributes);
        return span;
    }

    /// <summary>
    /// Starts a span without making it current (end it with <see cref="FinishSpan"/> or
    /// <see cref="Instrumentation.Span.Finish"/>).
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

        var timestamp = Clock.GetTimestamp();
        Instrumentation.Span span;
        if (traceId is null && parentSpanId is null)
        {
            span = _starter.StartChild(name, SpanKind.Internal, timestamp, active: false);
        }
        else
        {
            var current = CurrentContext;
            if (traceId is null)
            {
                if (!current.IsValid)
                {
                    throw new ArgumentException($"Span '{name}': a parent span id needs a trace id when no trace is current.", nameof(traceId));
                }

                high = current.TraceIdHigh;
                low = current.TraceIdLow;
            }

            var sameTrace = current.IsValid && current.TraceIdHigh == high && current.TraceIdLow == low;
            if (sameTrace && (parentSpanId is null || current.SpanIdValue == parentId))
            {
                // A child of the current span (or a root of the current StartTrace trace).
                span = _starter.StartChild(name, SpanKind.Internal, timestamp, active: false);
            }
            else if (parentSpanId is null)
            {
                span = _starter.StartRootOf(high, low, name, timestamp, active: false);
            }
            else
            {
                var parent = new SpanContext(high, low, parentId, _starter.Sampling.SampleNewTrace(high), null, isRemote: false);
                span = _starter.StartUnder(parent, name, SpanKind.Internal, timestamp, active: false);
            }
        }

        if (attributes is not null) SetAttributes(span, attributes);
        return span;
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

    /// <summary>Starts the span of one generated execution at a timestamp the caller took (shared with its timer and counter).</summary>
    internal Instrumentation.Span StartGenerated(string name, long startTimestamp, SpanKind kind = SpanKind.Internal, bool active = true)
        => IsEnabled ? _starter.StartChild(name, kind, startTimestamp, active) : _inert;

    internal void CountLocalRootStarted() => _activeRoots.Increment();

    internal void CountSampledOut() => Interlocked.Increment(ref _sampledOut);

    internal void ReportListenerFailure(Exception exception) => ReportInstrumentationFailure("tracing.activity", exception);

    internal void ReportInstrumentationFailure(string component, Exception exception)
    {
        Interlocked.Increment(ref _instrumentationErrors);
        InstrumentationEventSource.Log.InstrumentationFailed(component, exception);
    }

    internal void ReportExportFailure(string format, Exception exception)
    {
        Interlocked.Increment(ref _exportErrors);
        InstrumentationEventSource.Log.ExportFailed(format, exception);
    }

    private static void ValidateName(string name)
    {
        if (string.IsNullOrEmpty(name)) throw new ArgumentException("A span name must not be null or empty.", nameof(name));
    }

    private static void ValidateKind(SpanKind kind)
    {
        if (kind is < SpanKind.Internal or > SpanKind.Consumer) throw new ArgumentOutOfRangeException(nameof(kind), kind, $"{kind} is not a SpanKind.");
    }

    private static void SetAttributes(Instrumentation.Span span, IReadOnlyDictionary<string, object?> attributes)
    {
        foreach (var (key, value) in attributes) span.SetAttribute(key, value);
    }
}
