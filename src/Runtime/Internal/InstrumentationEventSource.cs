using System.Diagnostics.Tracing;

namespace NumAgents.Instrumentation.Internal;

/// <summary>
/// Where the toolkit reports its own failures. Instrumentation never throws into the application:
/// a failure is counted in <c>MonitorStatistics</c> and written here.
/// </summary>
[EventSource(Name = "NumAgents-Instrumentation")]
internal sealed class InstrumentationEventSource : EventSource
{
    public static readonly InstrumentationEventSource Log = new();

    private InstrumentationEventSource()
    {
    }

    [Event(1, Level = EventLevel.Error, Message = "Export to {0} failed: {1}")]
    public void ExportFailed(string format, string error) => WriteEvent(1, format, error);

    [Event(2, Level = EventLevel.Error, Message = "Instrumentation failure in {0}: {1}")]
    public void InstrumentationFailed(string component, string error) => WriteEvent(2, component, error);

    [NonEvent]
    public void ExportFailed(string format, Exception exception)
    {
        if (IsEnabled()) ExportFailed(format, exception.ToString());
    }

    [NonEvent]
    public void InstrumentationFailed(string component, Exception exception)
    {
        if (IsEnabled()) InstrumentationFailed(component, exception.ToString());
    }
}
