using NumAgents.Instrumentation.Logging;

namespace NumAgents.Instrumentation.Tracing;

/// <summary>
/// What a recording span holds beyond its fixed fields: created on the first attribute, event, link,
/// error or id text, so a span that records none of these costs no second object. Mutations take the
/// instance's monitor lock (uncontended in practice: a span is usually written by one flow).
/// </summary>
internal sealed class SpanDetails
{
    public KeyValuePair<string, object?>[]? Attributes;
    public int AttributeCount;
    public ReadOnlyAttributes? AttributeView;
    public List<SpanEvent>? Events;
    public List<SpanLink>? Links;
    public string? Error;
    public string? TraceIdText;
    public string? SpanIdText;
    public SpanCorrelationScope? CorrelationScope;
    public int DroppedAttributes;
    public int DroppedEvents;
    public int DroppedLinks;
}
