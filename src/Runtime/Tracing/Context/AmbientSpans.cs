using System.Diagnostics;

namespace NumAgents.Instrumentation.Tracing;

/// <summary>
/// Something that can be the current span of an async flow without being an <see cref="Activity"/>: a
/// span that records its own data, a sampled-out span, or a trace started by <see cref="Tracer.StartTrace"/>.
/// </summary>
internal interface IAmbientEntry
{
    /// <summary>The <see cref="Activity.Current"/> when the entry became current: while that is still the current activity, the entry is inside it.</summary>
    Activity? OuterActivity { get; }
}

/// <summary>
/// The current span of each async flow, for the whole process. There are two slots, because a span is
/// an <see cref="Activity"/> only while someone listens to our source: <see cref="Activity.Current"/>
/// for activities (ours and other libraries'), and one async-local here for the spans that are not
/// activities. The innermost of the two is current.
/// </summary>
/// <remarks>
/// Which slot is innermost needs no ordering information beyond one reference: an entry remembers the
/// activity that was current when it started; while that activity is still current, nothing started
/// since, so the entry is innermost. Once another activity is current (an HTTP call or an LLM call made
/// inside the entry, or one of our spans published as an activity), that activity is.
/// One slot for the process, not one per tracer: a span of one monitor started inside a span of another
/// joins its trace, as activities of every source do.
/// </remarks>
internal static class AmbientSpans
{
    private static readonly AsyncLocal<IAmbientEntry?> _current = new();

    /// <summary>The entry in the non-activity slot (which may not be innermost; see <see cref="IsInnermost"/>).</summary>
    public static IAmbientEntry? Entry
    {
        get => _current.Value;
        set => _current.Value = value;
    }

    /// <summary>Whether <paramref name="entry"/> is innermost given the current <paramref name="activity"/> (both null: nothing is current).</summary>
    public static bool IsInnermost(IAmbientEntry? entry, Activity? activity) => activity is null || (entry is not null && ReferenceEquals(entry.OuterActivity, activity));

    /// <summary>Puts back what was current before <paramref name="ending"/>, unless something else has been made current since.</summary>
    public static void Restore(IAmbientEntry ending, object? previous)
    {
        if (ReferenceEquals(_current.Value, ending)) _current.Value = previous as IAmbientEntry;
    }
}
