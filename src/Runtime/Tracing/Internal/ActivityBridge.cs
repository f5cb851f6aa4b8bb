using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Runtime.CompilerServices;

namespace NumAgents.Instrumentation.Tracing;

/// <summary>
/// Publishes spans as <see cref="Activity"/> objects from the <c>NumAgents.Instrumentation</c>
/// <see cref="ActivitySource"/> so that OpenTelemetry (or any <see cref="ActivityListener"/>) sees the
/// same trace: same trace and span ids, parent, kind, attributes, events and status. Nothing happens
/// unless a listener is attached: the cost without one is a <see cref="ActivitySource.HasListeners"/> check.
/// </summary>
/// <remarks>
/// An <see cref="Activity"/> chooses its own span id when it starts, so a span that is published starts
/// its activity first and adopts that id. Attributes, events, links and status are copied when the span
/// ends, before the activity stops, which is when exporters read them.
/// </remarks>
internal static class ActivityBridge
{
    public const string SourceName = "NumAgents.Instrumentation";

    private static readonly ActivitySource _source = new(SourceName, typeof(ActivityBridge).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion);
    private static readonly ConditionalWeakTable<Span, Activity> _published = new();
    private static int _inFlight;

    public static bool IsListening => _source.HasListeners();

    /// <summary>Whether any published activity still waits for its span to end (so span ends skip the table otherwise).</summary>
    public static bool HasInFlight => Volatile.Read(ref _inFlight) > 0;

    /// <summary>Starts the activity for a span about to be created; returns its span id, or 0 when nothing listens or a listener failed.</summary>
    public static ulong TryStart(Tracer tracer, string name, ulong traceIdHigh, ulong traceIdLow, ulong parentSpanId, SpanKind kind, long startTimestamp, bool active, out Activity? activity)
    {
        activity = null;
        var previous = Activity.Current;
        try
        {
            var traceId = ActivityTraceId.CreateFromString(TraceIdHex(traceIdHigh, traceIdLow));
            var parent = parentSpanId == 0
                ? new ActivityContext(traceId, default, ActivityTraceFlags.Recorded)
                : new ActivityContext(traceId, ActivitySpanId.CreateFromString(parentSpanId.ToString("x16", CultureInfo.InvariantCulture)), ActivityTraceFlags.Recorded);
            activity = _source.CreateActivity(name, ToActivityKind(kind), parent, idFormat: ActivityIdFormat.W3C);
            if (activity is null) return 0;
            activity.SetStartTime(tracer.ToWallClock(startTimestamp).UtcDateTime);
            activity.Start();

            // Only a span that becomes current leaves its activity current (so HttpClient and other
            // instrumentation inside it join the trace); the span restores it when it ends.
            if (!active) Activity.Current = previous;
            return ulong.Parse(activity.SpanId.ToHexString(), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        }
        catch (Exception exception)
        {
            // A listener that throws from ActivityStarted leaves the activity current: the application
            // must not inherit it as its ambient parent.
            if (activity is not null && ReferenceEquals(Activity.Current, activity)) Activity.Current = previous;
            tracer.ReportBridgeFailure(exception);
            activity = null;
            return 0;
        }
    }

    public static void Attach(Span span, Activity activity)
    {
        _published.AddOrUpdate(span, activity);
        Interlocked.Increment(ref _inFlight);
    }

    /// <summary>Copies the finished span onto its activity and stops it.</summary>
    public static void Stop(Tracer tracer, Span span)
    {
        if (!_published.TryGetValue(span, out var activity) || !_published.Remove(span)) return;
        Interlocked.Decrement(ref _inFlight);
        try
        {
            foreach (var attribute in span.Attributes)
            {
                activity.SetTag(attribute.Key, attribute.Value);
            }

            foreach (var spanEvent in span.Events)
            {
                activity.AddEvent(new ActivityEvent(spanEvent.Name, spanEvent.Timestamp, Tags(spanEvent.Attributes)));
            }

            foreach (var link in span.Links)
            {
                activity.AddLink(new ActivityLink(ToActivityContext(link.Context), Tags(link.Attributes)));
            }

            switch (span.Status)
            {
                case SpanStatus.Ok:
                    activity.SetStatus(ActivityStatusCode.Ok);
                    break;
                case SpanStatus.Error:
                    activity.SetStatus(ActivityStatusCode.Error, span.Error);
                    break;
            }

            var wasCurrent = ReferenceEquals(Activity.Current, activity);
            var parent = activity.Parent;
            activity.SetEndTime(span.EndTime!.Value.UtcDateTime);
            activity.Stop();
            if (wasCurrent) Activity.Current = parent;
        }
        catch (Exception exception)
        {
            // A listener that throws from ActivityStopped interrupts Stop before it restores the parent.
            if (ReferenceEquals(Activity.Current, activity)) Activity.Current = activity.Parent;
            tracer.ReportBridgeFailure(exception);
        }
    }

    /// <summary>The incoming <see cref="Activity.Current"/> (ASP.NET Core, HttpClient...) when our tracer has no current span.</summary>
    public static bool TryGetIncomingParent(out SpanContext context)
    {
        var current = Activity.Current;
        if (current is null || current.IdFormat != ActivityIdFormat.W3C || current.Source == _source)
        {
            context = default;
            return false;
        }

        context = SpanContext.Create(current.TraceId.ToHexString(), current.SpanId.ToHexString(), (current.ActivityTraceFlags & ActivityTraceFlags.Recorded) != 0, current.TraceStateString);
        return context.IsValid;
    }

    private static ActivityTagsCollection? Tags(IReadOnlyDictionary<string, object?> attributes)
    {
        if (attributes.Count == 0) return null;
        var tags = new ActivityTagsCollection();
        foreach (var attribute in attributes) tags[attribute.Key] = attribute.Value;
        return tags;
    }

    private static ActivityContext ToActivityContext(SpanContext context)
        => new(
            ActivityTraceId.CreateFromString(context.TraceId),
            ActivitySpanId.CreateFromString(context.SpanId),
            context.IsSampled ? ActivityTraceFlags.Recorded : ActivityTraceFlags.None,
            context.TraceState,
            context.IsRemote);

    private static string TraceIdHex(ulong high, ulong low)
        => string.Create(32, (high, low), static (destination, ids) =>
        {
            ids.high.TryFormat(destination, out _, "x16", CultureInfo.InvariantCulture);
            ids.low.TryFormat(destination[16..], out _, "x16", CultureInfo.InvariantCulture);
        });

    private static ActivityKind ToActivityKind(SpanKind kind) => kind switch
    {
        SpanKind.Server => ActivityKind.Server,
        SpanKind.Client => ActivityKind.Client,
        SpanKind.Producer => ActivityKind.Producer,
        SpanKind.Consumer => ActivityKind.Consumer,
        _ => ActivityKind.Internal,
    };
}
