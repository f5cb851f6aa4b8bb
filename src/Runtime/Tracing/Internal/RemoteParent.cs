namespace NumAgents.Instrumentation.Tracing;

/// <summary>
/// Held by the placeholder span that stands for a parent in another process (or one named only by its
/// ids): the inbound <c>tracestate</c>, and the span that was current before the local child was made
/// current, so disposing the child restores it.
/// </summary>
internal sealed class RemoteParent
{
    public RemoteParent(string? traceState, Span? previous)
    {
        TraceState = traceState;
        Previous = previous;
    }

    public string? TraceState { get; }

    public Span? Previous { get; }
}
