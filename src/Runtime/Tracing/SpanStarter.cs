using System.Diagnostics;

namespace NumAgents.Instrumentation.Tracing;

/// <summary>
/// The one place spans are made: finds the parent (the innermost of <see cref="AmbientSpans"/> and
/// <see cref="Activity.Current"/>, or a given context), decides sampling, chooses the kind of span
/// (an activity while someone listens to our source, else our own small span; a shared view for a child
/// of a sampled-out span), and registers it.
/// </summary>
internal sealed class SpanStarter
{
    private readonly Tracer _tracer;
    private readonly SamplingPolicy _sampling;
    private readonly SeededIdGenerator? _seededIds;

    /// <summary>The attribute that carries a <see cref="Tracer.StartTrace"/> name on the trace's root spans.</summary>
    internal const string TraceNameAttribute = "trace.name";

    public SpanStarter(Tracer tracer, SamplingPolicy sampling, SeededIdGenerator? seededIds)
    {
        _tracer = tracer;
        _sampling = sampling;
        _seededIds = seededIds;
    }

    public SamplingPolicy Sampling => _sampling;

    /// <summary>Whether spans start as activities now: published (someone listens to our source) or carriers (this tracer collects, and a collected source exists).</summary>
    private bool UsesActivities => ActivityPublisher.IsPublishing || (_tracer.UsesCarriers && _tracer.Collection.SourceSeen);

    /// <summary>Starts a child of whatever is current on this async flow, or the root of a new trace.</summary>
    public Span StartChild(string name, SpanKind kind, long timestamp, bool active)
    {
        var entry = AmbientSpans.Entry;
        var activity = Activity.Current;
        if (!AmbientSpans.IsInnermost(entry, activity)) return StartUnderActivity(activity!, entry, name, kind, timestamp, active);
        switch (entry)
        {
            case RecordedSpan parent:
                return Create(parent, activity, null, parent.TraceIdHigh, parent.TraceIdLow, parent.SpanIdValue, sampled: true, localRoot: false, name, kind, timestamp, active);
            case NonRecordingSpan sampledOut:
                // A sampled-out parent's children share its context: nothing to record, nothing to allocate.
                return sampledOut.GetOrCreateView();
            case TraceAnchor anchor:
                return Create(anchor, activity, null, anchor.TraceIdHigh, anchor.TraceIdLow, 0, anchor.IsSampled, localRoot: true, name, kind, timestamp, active);
            default:
                return StartRoot(entry, activity, name, kind, timestamp, active);
        }
    }

    /// <summary>Starts a span whose parent is given by its context (a span in another process, or one named by its ids).</summary>
    public Span StartUnder(in SpanContext parent, string name, SpanKind kind, long timestamp, bool active)
    {
        var entry = AmbientSpans.Entry;
        var activity = Activity.Current;
        if (!parent.IsValid) return StartRoot(entry, activity, name, kind, timestamp, active);

        // A parent named by its ids may be one of our running spans: then the trace is not new here.
        var localRoot = parent.IsRemote || ActiveSpans.Find(parent.SpanIdValue) is null;
        return Create(ExternalParent.From(parent, entry, activity), activity, null, parent.TraceIdHigh, parent.TraceIdLow, parent.SpanIdValue, parent.IsSampled, localRoot, name, kind, timestamp, active, remote: parent.IsRemote);
    }

    /// <summary>Starts the root of a new trace with the given id (sampled by ratio).</summary>
    public Span StartRootOf(ulong traceIdHigh, ulong traceIdLow, string name, long timestamp, bool active)
    {
        var entry = AmbientSpans.Entry;
        var activity = Activity.Current;
        var parent = new ExternalParent(traceIdHigh, traceIdLow, 0, null, entry, activity);
        return Create(parent, activity, null, traceIdHigh, traceIdLow, 0, _sampling.SampleNewTrace(traceIdHigh), localRoot: true, name, SpanKind.Internal, timestamp, active);
    }

    public TraceAnchor StartTrace(string name, ulong traceIdHigh, ulong traceIdLow)
    {
        var anchor = new TraceAnchor(_tracer, name, traceIdHigh, traceIdLow, NewSpanId(), _sampling.SampleNewTrace(traceIdHigh), Activity.Current);
        AmbientSpans.Entry = anchor;
        return anchor;
    }

    public void NewTraceId(out ulong high, out ulong low)
    {
        if (_seededIds is null) TraceIds.NewTraceId(out high, out low);
        else _seededIds.NewTraceId(out high, out low);
    }

    private ulong NewSpanId() => _seededIds is null ? TraceIds.NewSpanId() : _seededIds.NewSpanId();

    private Span StartRoot(IAmbientEntry? entry, Activity? activity, string name, SpanKind kind, long timestamp, bool active)
    {
        NewTraceId(out var high, out var low);

        // A root that starts while something else is current (a new trace from an invalid header, say)
        // must put that back when it ends.
        object? parent = entry is null && activity is null ? null : new ExternalParent(high, low, 0, null, entry, activity);
        return Create(parent, activity, null, high, low, 0, _sampling.SampleNewTrace(high), localRoot: true, name, kind, timestamp, active);
    }

    private Span StartUnderActivity(Activity parent, IAmbientEntry? entry, string name, SpanKind kind, long timestamp, bool active)
    {
        ActivityIds.Read(parent.TraceId, out var high, out var low);
        // Ours: published through our source, or a carrier (an activity without a source that is one of our spans).
        var ours = ReferenceEquals(parent.Source, ActivityPublisher.Source) || (parent.Source.Name.Length == 0 && CurrentSpans.FindSpanOf(parent) is { IsForeign: false });

        // Under a sampled-out span of ours nothing records: its children share it, as for our own spans.
        if (ours && !parent.Recorded && CurrentSpans.FindSpanOf(parent) is ActivitySpan sampledOut) return sampledOut.GetOrCreateView();

        // A span of ours already made the sampling decision; another library's activity may not have.
        var sampled = ours ? parent.Recorded : _sampling.SampleUnder(parent, high);
        if (UsesActivities && Publish(null, parent, parent, high, low, 0, sampled, localRoot: !ours, name, kind, timestamp, active, remote: false) is { } published)
        {
            return published;
        }

        var external = new ExternalParent(high, low, ActivityIds.Read(parent.SpanId), parent.TraceStateString, entry, parent);
        return CreateOwn(external, parent, high, low, sampled, localRoot: !ours, name, kind, timestamp, active);
    }

    /// <summary>
    /// Makes the span: an activity while publishing, else our own. <paramref name="parent"/> is a
    /// <see cref="RecordedSpan"/>, a <see cref="TraceAnchor"/>, an <see cref="ExternalParent"/> or
    /// <see langword="null"/>; <paramref name="outer"/> is the current activity (the one the span starts
    /// inside); <paramref name="parentActivity"/> is the parent when it is an activity.
    /// </summary>
    private Span Create(object? parent, Activity? outer, Activity? parentActivity, ulong traceIdHigh, ulong traceIdLow, ulong parentSpanId, bool sampled, bool localRoot, string name, SpanKind kind, long timestamp, bool active, bool remote = false)
    {
        if (UsesActivities && Publish(parent, outer, parentActivity, traceIdHigh, traceIdLow, parentSpanId, sampled, localRoot, name, kind, timestamp, active, remote) is { } published)
        {
            return published;
        }

        return CreateOwn(parent, outer, traceIdHigh, traceIdLow, sampled, localRoot, name, kind, timestamp, active);
    }

    /// <summary>Makes one of our own span objects (no activity exists for it).</summary>
    private Span CreateOwn(object? parent, Activity? outer, ulong traceIdHigh, ulong traceIdLow, bool sampled, bool localRoot, string name, SpanKind kind, long timestamp, bool active)
    {
        if (!sampled)
        {
            if (localRoot) _tracer.CountSampledOut();
            var nonRecording = NonRecordingSpan.Create(_tracer, parent, outer, name, traceIdHigh, traceIdLow, NewSpanId(), timestamp, (parent as ExternalParent)?.TraceState, Span.InitialState(kind, active, localRoot, register: false));
            if (active) AmbientSpans.Entry = nonRecording;
            return nonRecording;
        }

        var span = new RecordedSpan(_tracer, parent, name, traceIdHigh, traceIdLow, NewSpanId(), timestamp, Span.InitialState(kind, active, localRoot, register: true));
        ActiveSpans.TryAdd(span);
        if (localRoot) _tracer.CountLocalRootStarted();
        if (active) AmbientSpans.Entry = span;
        return span;
    }

    /// <summary>Starts the span as an activity of our source; <see langword="null"/> when no listener wanted it or a listener failed.</summary>
    private ActivitySpan? Publish(object? parent, Activity? outer, Activity? parentActivity, ulong traceIdHigh, ulong traceIdLow, ulong parentSpanId, bool sampled, bool localRoot, string name, SpanKind kind, long timestamp, bool active, bool remote)
    {
        var flags = sampled ? ActivityTraceFlags.Recorded : ActivityTraceFlags.None;

        // Under an activity whose flag already says what we decided, the activity is the implicit
        // parent (no id conversion); otherwise the context carries our decision to every listener.
        ActivityContext context;
        if (parentActivity is not null && parentActivity.Recorded == sampled) context = default;
        else if (parentActivity is not null) context = new ActivityContext(parentActivity.TraceId, parentActivity.SpanId, flags, parentActivity.TraceStateString);
        else context = new ActivityContext(ActivityIds.ToTraceId(traceIdHigh, traceIdLow), ActivityIds.ToSpanId(parentSpanId), flags, (parent as ExternalParent)?.TraceState, remote);

        Activity? activity = null;
        try
        {
            var startTicks = _tracer.Clock.ToUtcTicks(timestamp);
            activity = ActivityPublisher.IsPublishing ? ActivityPublisher.Start(name, kind, context, startTicks) : ActivityPublisher.StartCarrier(name, context, sampled, startTicks);
            if (activity is null) return null;
            if (!active && !ReferenceEquals(Activity.Current, outer)) Activity.Current = outer;
            if (parent is TraceAnchor anchor) activity.SetTag(TraceNameAttribute, anchor.Name);
            // Registered even when sampled out: a sampled-out span is current like any other, and the
            // registry is how Activity.Current maps back to it.
            var span = ActivitySpan.Published(_tracer, activity, outer, traceIdHigh, traceIdLow, ActivityIds.Read(activity.SpanId), Span.InitialState(kind, active, localRoot, register: true));
            ActiveSpans.TryAdd(span);
            if (activity.Recorded && localRoot) _tracer.CountLocalRootStarted();
            else if (localRoot) _tracer.CountSampledOut();

            return span;
        }
        catch (Exception exception)
        {
            // A listener that throws from ActivityStarted leaves the activity current: the application
            // must not inherit it as its ambient parent.
            // (When Start itself throws, the activity is not even returned.)
            if (!ReferenceEquals(Activity.Current, outer)) Activity.Current = outer;
            _tracer.ReportListenerFailure(exception);
            return null;
        }
    }
}
