using System.Diagnostics;

namespace NumAgents.Instrumentation.Tracing;

/// <summary>
/// A span that is an <see cref="Activity"/>: one of ours while a listener listens to our source (the
/// OpenTelemetry SDK exports exactly this object, so nothing is copied), or an activity of another
/// library that runs inside one of our traces and that the monitor collected (<see cref="IsForeign"/>).
/// </summary>
/// <remarks>
/// Attributes, events, links and the exception event are written to the activity as they happen; the
/// status is written when the span ends, before the activity stops (when exporters read it). The span
/// remembers the <see cref="Activity.Current"/> of the moment it started and puts exactly that back when
/// it ends: <see cref="Activity.Stop"/> restores the activity's own notion of its predecessor, which is
/// wrong when the span ends on another async flow or was never current.
/// </remarks>
internal sealed partial class ActivitySpan : Span
{
    private readonly Activity _activity;
    private readonly Activity? _previousActivity;
    private readonly bool _foreign;
    private string? _error;
    private int _attributeCount;
    private int _eventCount;
    private int _linkCount;
    private int _dropped;
    private int _gate;
    private NonRecordingSpan? _view;
    private SpanUsage? _usage;

    private ActivitySpan(Tracer tracer, Activity activity, Activity? previousActivity, ulong traceIdHigh, ulong traceIdLow, ulong spanId, int state, bool foreign)
        : base(tracer, traceIdHigh, traceIdLow, spanId, state)
    {
        _activity = activity;
        _previousActivity = previousActivity;
        _foreign = foreign;
    }

    public Activity Activity => _activity;

    public override string SpanId => _activity.SpanId.ToHexString();

    public override string TraceId => _activity.TraceId.ToHexString();

    public override string Name => _activity.DisplayName;

    public override string? Error => _foreign ? _activity.StatusDescription : Volatile.Read(ref _error);

    public override IReadOnlyList<SpanEvent> Events
    {
        get
        {
            var events = new List<SpanEvent>();
            foreach (var activityEvent in _activity.Events)
            {
                events.Add(new SpanEvent(activityEvent.Name, activityEvent.Timestamp.UtcTicks, ReadOnlyAttributes.From(ToAttributes(activityEvent.Tags))));
            }

            return events;
        }
    }

    public override IReadOnlyList<SpanLink> Links
    {
        get
        {
            var links = new List<SpanLink>();
            foreach (var link in _activity.Links)
            {
                ActivityIds.Read(link.Context.TraceId, out var high, out var low);
                var context = new SpanContext(high, low, ActivityIds.Read(link.Context.SpanId), link.Context.TraceFlags.HasFlag(ActivityTraceFlags.Recorded), link.Context.TraceState, link.Context.IsRemote);
                var attributes = link.Tags is { } linkTags ? ToAttributes(linkTags) : [];
                links.Add(new SpanLink(context, attributes.Length == 0 ? null : ReadOnlyAttributes.From(attributes)));
            }

            return links;
        }
    }

    internal override ulong ParentSpanIdValue => _activity.ParentSpanId == default ? 0 : ActivityIds.Read(_activity.ParentSpanId);

    internal override Span? LocalParent
    {
        get
        {
            var parentId = ParentSpanIdValue;
            return parentId == 0 ? null : ActiveSpans.Find(parentId) ?? Tracer.FindRetained(parentId);
        }
    }

    internal override long StartUtcTicks => _activity.StartTimeUtc.Ticks;

    internal override long EndUtcTicks => _activity.StartTimeUtc.Ticks + _activity.Duration.Ticks;

    internal override double ElapsedMilliseconds => _activity.Duration.TotalMilliseconds;

    internal override string? TraceState => _activity.TraceStateString;

    internal override ReadOnlyAttributes AttributeSnapshot => ReadOnlyAttributes.From(ToAttributes(_activity.TagObjects));

    internal override object? FindAttribute(string key) => _activity.GetTagItem(key);

    internal override int DroppedAttributes => Volatile.Read(ref _dropped) & 0x3FF;

    internal override int DroppedEvents => (Volatile.Read(ref _dropped) >> 10) & 0x3FF;

    internal override int DroppedLinks => (Volatile.Read(ref _dropped) >> 20) & 0x3FF;

    internal override bool IsForeign => _foreign;

    internal override SpanUsage? Usage => Volatile.Read(ref _usage);

    /// <summary>Wraps an activity we started for one of our spans.</summary>
    public static ActivitySpan Published(Tracer tracer, Activity activity, Activity? previousActivity, ulong traceIdHigh, ulong traceIdLow, ulong spanId, int state)
    {
        var recording = activity.Recorded ? FlagRecording | FlagSampled : 0;
        return new ActivitySpan(tracer, activity, previousActivity, traceIdHigh, traceIdLow, spanId, state | recording, foreign: false);
    }

    /// <summary>The span handed out for every child of this sampled-out span: nothing under it records, so nothing is created.</summary>
    public NonRecordingSpan GetOrCreateView()
    {
        if (_view is { } view) return view;
        var created = NonRecordingSpan.ViewOf(this, _activity, 0);
        return Interlocked.CompareExchange(ref _view, created, null) ?? created;
    }

    private protected override SpanUsage GetOrCreateUsage()
    {
        if (Volatile.Read(ref _usage) is { } usage) return usage;
        var created = new SpanUsage();
        return Interlocked.CompareExchange(ref _usage, created, null) ?? created;
    }

    private protected override void SetAttributeCore(string key, object? value)
    {
        using (SpinGate.Enter(ref _gate))
        {
            var exists = _activity.GetTagItem(key) is not null;
            if (value is null)
            {
                if (!exists) return;
                _attributeCount--;
            }
            else if (!exists)
            {
                if (_attributeCount >= MaxAttributes)
                {
                    CountDropped(0);
                    return;
                }

                _attributeCount++;
            }

            _activity.SetTag(key, value);
        }
    }

    private protected override void AddEventCore(string name, long utcTicks, ReadOnlyAttributes attributes)
    {
        using (SpinGate.Enter(ref _gate))
        {
            if (_eventCount >= MaxEvents)
            {
                CountDropped(10);
                return;
            }

            _eventCount++;
            _activity.AddEvent(new ActivityEvent(name, new DateTimeOffset(utcTicks, TimeSpan.Zero), ToTags(attributes)));
        }
    }

    private protected override void AddLinkCore(SpanLink link)
    {
        using (SpinGate.Enter(ref _gate))
        {
            if (_linkCount >= MaxLinks)
            {
                CountDropped(20);
                return;
            }

            _linkCount++;
            _activity.AddLink(new ActivityLink(ActivityIds.ToContext(link.Context), link.Attributes.Count == 0 ? null : ToTags(link.Attributes)));
        }
    }

    private protected override void SetErrorCore(string? error) => Volatile.Write(ref _error, error);

    private protected override void RecordExceptionCore(Exception exception, long utcTicks)
    {
        using (SpinGate.Enter(ref _gate))
        {
            if (_eventCount >= MaxEvents)
            {
                CountDropped(10);
            }
            else
            {
                _eventCount++;
                _activity.AddException(exception, default, new DateTimeOffset(utcTicks, TimeSpan.Zero));
            }
        }

        var type = exception.GetType().FullName ?? exception.GetType().Name;
        SetErrorCore($"{type}: {exception.Message}");
    }

    private protected override void CompleteCore(long endTimestamp, SpanStatus finalStatus, bool wasActive)
    {
        var activity = _activity;
        var before = Activity.Current;
        try
        {
            if ((_state & FlagRecording) != 0)
            {
                switch (finalStatus)
                {
                    case SpanStatus.Ok:
                        activity.SetStatus(ActivityStatusCode.Ok);
                        break;
                    case SpanStatus.Error:
                        activity.SetStatus(ActivityStatusCode.Error, Volatile.Read(ref _error));
                        break;
                }

                activity.SetEndTime(new DateTime(Tracer.Clock.ToUtcTicks(endTimestamp), DateTimeKind.Utc));
            }

            activity.Stop();
        }
        catch (Exception exception)
        {
            // A listener that throws from ActivityStopped must not reach the application.
            Tracer.ReportListenerFailure(exception);
        }
        finally
        {
            // Stop makes the activity's predecessor current on whatever flow calls it; put back what this
            // flow had, or what was current before the span when the span itself was current here.
            var target = wasActive && ReferenceEquals(before, activity) ? _previousActivity : before;
            if (!ReferenceEquals(Activity.Current, target)) Activity.Current = target;
        }
    }

    private protected override void RestoreAmbient()
    {
        if (ReferenceEquals(Activity.Current, _activity)) Activity.Current = _previousActivity;
    }

    private protected override void OnStatusCorrected()
    {
        try
        {
            _activity.SetStatus(ActivityStatusCode.Error, Error);
        }
        catch (Exception exception)
        {
            Tracer.ReportListenerFailure(exception);
        }
    }

    private static KeyValuePair<string, object?>[] ToAttributes(IEnumerable<KeyValuePair<string, object?>> tags)
    {
        var list = new List<KeyValuePair<string, object?>>();
        foreach (var tag in tags)
        {
            if (tag.Value is not null) list.Add(new(tag.Key, AttributeValues.Normalize(tag.Value)));
        }

        return [.. list];
    }

    private static ActivityTagsCollection? ToTags(IReadOnlyDictionary<string, object?> attributes)
    {
        if (attributes.Count == 0) return null;
        var tags = new ActivityTagsCollection();
        foreach (var (key, value) in attributes) tags[key] = value;
        return tags;
    }

    private void CountDropped(int shift)
    {
        var current = Volatile.Read(ref _dropped);
        if (((current >> shift) & 0x3FF) < 0x3FF) Interlocked.Add(ref _dropped, 1 << shift);
    }
}
