using System.Diagnostics;
using System.Reflection;

namespace NumAgents.Instrumentation.Tracing;

/// <summary>
/// Makes the activities our spans are. While anything listens to our <see cref="ActivitySource"/> (the
/// OpenTelemetry SDK through <c>AddSource</c>), a span is an activity of that source, which listeners
/// receive. Otherwise, when the tracer collects other libraries' activities and one of their sources
/// exists in the process, a span is a carrier: an activity made without a source, which no listener sees,
/// so that it can be <see cref="Activity.Current"/> and those libraries' activities (and
/// <c>HttpClient</c>'s <c>traceparent</c>) continue our trace. With neither, no activity exists and a
/// span costs our own small span object.
/// </summary>
internal static class ActivityPublisher
{
    public const string SourceName = "NumAgents.Instrumentation";

    public static readonly ActivitySource Source = new(SourceName, typeof(ActivityPublisher).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion);

    /// <summary>Whether spans are published through our source now (checked at each span start: listeners come and go).</summary>
    public static bool IsPublishing => Source.HasListeners();

    /// <summary>
    /// Starts the activity of a span. A <see langword="default"/> <paramref name="parent"/> makes
    /// <see cref="Activity.Current"/> the parent. Returns <see langword="null"/> when no listener wants it.
    /// </summary>
    public static Activity? Start(string name, SpanKind kind, in ActivityContext parent, long utcTicks)
        => Source.StartActivity(name, ActivityIds.ToActivityKind(kind), parent, tags: null, links: null, startTime: new DateTimeOffset(utcTicks, TimeSpan.Zero));

    /// <summary>
    /// Starts a carrier activity (no source, no listener): with a <see langword="default"/> <paramref name="parent"/>
    /// its parent is <see cref="Activity.Current"/>, whose sampled flag it inherits.
    /// </summary>
    public static Activity StartCarrier(string name, in ActivityContext parent, bool sampled, long utcTicks)
    {
        var activity = new Activity(name);
        activity.SetIdFormat(ActivityIdFormat.W3C);
        if (parent != default)
        {
            activity.SetParentId(parent.TraceId, parent.SpanId, parent.TraceFlags);
            activity.TraceStateString = parent.TraceState;
        }

        activity.IsAllDataRequested = sampled;
        activity.SetStartTime(new DateTime(utcTicks, DateTimeKind.Utc));
        return activity.Start();
    }
}
