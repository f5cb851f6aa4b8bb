namespace NumAgents.Instrumentation.Tracing;

/// <summary>Orders retained spans for queries and exports.</summary>
internal static class SpanOrder
{
    /// <summary>Sorts by start time, in place; stable, so spans that started at the same instant keep their finishing order.</summary>
    public static List<Span> ByStart(List<Span> spans)
    {
        var keyed = new (long Start, int Order, Span Span)[spans.Count];
        for (var i = 0; i < keyed.Length; i++) keyed[i] = (spans[i].StartUtcTicks, i, spans[i]);
        Array.Sort(keyed, static (a, b) => a.Start != b.Start ? a.Start.CompareTo(b.Start) : a.Order.CompareTo(b.Order));
        for (var i = 0; i < keyed.Length; i++) spans[i] = keyed[i].Span;
        return spans;
    }

    /// <summary>Groups spans by trace: traces in order of their first span, spans by start time.</summary>
    public static List<List<Span>> GroupByTrace(List<Span> spans)
    {
        var traces = new List<List<Span>>();
        var index = new Dictionary<(ulong, ulong), List<Span>>();
        foreach (var span in ByStart(spans))
        {
            if (!index.TryGetValue((span.TraceIdHigh, span.TraceIdLow), out var trace))
            {
                trace = [];
                index.Add((span.TraceIdHigh, span.TraceIdLow), trace);
                traces.Add(trace);
            }

            trace.Add(span);
        }

        return traces;
    }
}
