namespace NumAgents.Instrumentation.Tracing;

/// <summary>Rarely needed span data: links, id text, drop counts, token usage.</summary>
internal sealed class SpanDetailsRare
{
    public List<SpanLink>? Links;
    public string? TraceIdText;
    public string? SpanIdText;
    public int DroppedAttributes;
    public int DroppedEvents;
    public int DroppedLinks;
    public SpanUsage? Usage;
}
