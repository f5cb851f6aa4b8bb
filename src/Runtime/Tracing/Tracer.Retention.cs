using NumAgents.Instrumentation.Tracing;

namespace NumAgents.Instrumentation;

/// <summary>The finished spans a tracer retains (bounded by <see cref="TracingOptions.MaxRetainedSpans"/>) and how they are read.</summary>
public sealed partial class Tracer
{
    /// <summary>The span with this id, running or retained, or <see langword="null"/>.</summary>
    /// <param name="spanId">16 hex digits.</param>
    /// <exception cref="ArgumentException">The id is malformed.</exception>
    public Span? GetSpan(string spanId)
    {
        var id = TraceIds.ParseSpanIdArgument(spanId, nameof(spanId));
        return ActiveSpans.Find(id) is { } running && ReferenceEquals(running.Tracer, this) ? running : FindRetained(id);
    }

    /// <summary>The retained (finished) spans of one trace, by start time; empty for an unknown trace.</summary>
    /// <param name="traceId">32 hex digits.</param>
    /// <exception cref="ArgumentException">The id is malformed.</exception>
    public IReadOnlyList<Span> GetTraceSpans(string traceId)
    {
        TraceIds.ParseTraceIdArgument(traceId, nameof(traceId), out var high, out var low);
        return SpanOrder.ByStart(SnapshotOf(high, low));
    }

    /// <summary>Every retained (finished) span, by start time.</summary>
    public IReadOnlyList<Span> GetAllSpans() => SpanOrder.ByStart(Snapshot());

    /// <summary>
    /// Forgets every retained span. Spans still running are kept when they end; the count of dropped
    /// spans is not reset.
    /// </summary>
    public void Clear()
    {
        var previous = Interlocked.Exchange(ref _store, new SpanStore(_maxRetainedSpans));
        Interlocked.Add(ref _droppedBeforeClear, previous.Dropped);
    }

    /// <summary>Retained spans, oldest finished first (what exporters read).</summary>
    internal List<Instrumentation.Span> Snapshot() => Volatile.Read(ref _store).Snapshot();

    /// <summary>Retained spans of one trace, oldest finished first.</summary>
    internal List<Instrumentation.Span> SnapshotOf(ulong traceIdHigh, ulong traceIdLow)
        => Volatile.Read(ref _store).Snapshot(span => span.TraceIdHigh == traceIdHigh && span.TraceIdLow == traceIdLow);

    internal Instrumentation.Span? FindRetained(ulong spanId) => Volatile.Read(ref _store).Find(spanId);

    internal void OnEnded(Instrumentation.Span span)
    {
        ActiveSpans.Remove(span);
        if (span.IsLocalRoot) _activeRoots.Decrement();
        try
        {
            Volatile.Read(ref _store).Add(span);
        }
        catch (Exception exception)
        {
            // The ring is allocated on first use; a huge MaxRetainedSpans must not fail the user's Dispose.
            ReportInstrumentationFailure("tracing.retention", exception);
        }
    }
}
