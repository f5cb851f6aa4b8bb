using NumAgents.Instrumentation.Tracing;

namespace NumAgents.Instrumentation;

/// <summary>Something that happened at one instant during a span (an OpenTelemetry span event, a Jaeger log).</summary>
public sealed class SpanEvent
{
    internal SpanEvent(string name, long utcTicks, ReadOnlyAttributes attributes)
    {
        Name = name;
        UtcTicks = utcTicks;
        AttributeList = attributes;
    }

    /// <summary>The event's name, for example <c>email_queued</c> or <c>exception</c>.</summary>
    public string Name { get; }

    /// <summary>When the event happened, from the tracer's clock (<see cref="TracingOptions.TimeProvider"/>).</summary>
    public DateTimeOffset Timestamp => new(UtcTicks, TimeSpan.Zero);

    /// <summary>The event's attributes (string, bool, long, double or arrays of those).</summary>
    public IReadOnlyDictionary<string, object?> Attributes => AttributeList;

    internal ReadOnlyAttributes AttributeList { get; }

    internal long UtcTicks { get; }

    /// <summary>The event with the guide's keys: <c>name</c>, <c>timestamp</c> (ISO 8601) and <c>attributes</c>.</summary>
    public IReadOnlyDictionary<string, object?> ToDictionary() => new Dictionary<string, object?>(StringComparer.Ordinal)
    {
        ["name"] = Name,
        ["timestamp"] = Timestamp.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        ["attributes"] = new Dictionary<string, object?>(Attributes, StringComparer.Ordinal),
    };
}
