namespace NumAgents.Instrumentation.Metrics.Exemplars;

/// <summary>
/// One kept observation that links a series to a trace: its value, when it was recorded, and either the
/// sampled span it was recorded in or the labels the application gave with it. Immutable, copied whole.
/// </summary>
internal readonly struct Exemplar
{
    public Exemplar(double value, long utcTicks, ulong traceIdHigh, ulong traceIdLow, ulong spanId)
    {
        Value = value;
        UtcTicks = utcTicks;
        TraceIdHigh = traceIdHigh;
        TraceIdLow = traceIdLow;
        SpanId = spanId;
        HasSpan = true;
        Labels = default;
    }

    public Exemplar(double value, long utcTicks, in Labels labels)
    {
        Value = value;
        UtcTicks = utcTicks;
        Labels = labels;
        TraceIdHigh = 0;
        TraceIdLow = 0;
        SpanId = 0;
        HasSpan = false;
    }

    /// <summary>The observed value (a counter's increment), in the unit it was recorded in.</summary>
    public double Value { get; }

    /// <summary>When it was recorded, in <see cref="DateTimeOffset.UtcTicks"/>; 0 for no exemplar.</summary>
    public long UtcTicks { get; }

    public bool IsPresent => UtcTicks != 0;

    /// <summary>Whether the ids of a sampled span are the exemplar's labels (<c>trace_id</c>, <c>span_id</c>).</summary>
    public bool HasSpan { get; }

    public ulong TraceIdHigh { get; }

    public ulong TraceIdLow { get; }

    public ulong SpanId { get; }

    /// <summary>The labels given with the observation, validated when it was recorded; empty when <see cref="HasSpan"/>.</summary>
    public Labels Labels { get; }
}
