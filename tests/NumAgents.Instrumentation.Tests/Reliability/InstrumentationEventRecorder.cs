using System.Collections.Concurrent;
using System.Diagnostics.Tracing;

namespace NumAgents.Instrumentation.Tests.Reliability;

/// <summary>
/// Listens to the toolkit's own <c>NumAgents-Instrumentation</c> event source, the channel operators
/// watch (dotnet-trace, dotnet-counters, an in-process listener) for contained failures.
/// </summary>
/// <remarks>
/// Tests run in parallel and all of them share the one event source, so a test looks for events that
/// carry a marker of its own (a GUID in the failure's message).
/// </remarks>
internal sealed class InstrumentationEventRecorder : EventListener
{
    public const string SourceName = "NumAgents-Instrumentation";

    private readonly ConcurrentQueue<(string EventName, string Payload)> _events = new();

    public IReadOnlyList<(string EventName, string Payload)> EventsContaining(string marker)
        => _events.Where(e => e.Payload.Contains(marker, StringComparison.Ordinal)).ToList();

    /// <summary>The first event recorded, for failure messages.</summary>
    public string First() => _events.TryPeek(out var first) ? $"{first.EventName}: {first.Payload}" : "(no event)";

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == SourceName) EnableEvents(eventSource, EventLevel.Verbose);
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (eventData.EventSource.Name != SourceName) return;
        var payload = string.Join(" | ", eventData.Payload ?? []);
        _events.Enqueue((eventData.EventName ?? eventData.EventId.ToString(System.Globalization.CultureInfo.InvariantCulture), payload));
    }
}
