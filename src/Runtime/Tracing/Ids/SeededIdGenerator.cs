namespace NumAgents.Instrumentation.Tracing;

/// <summary>
/// Ids from one seeded generator shared by a tracer's threads (<see cref="TracingOptions.IdSeed"/>), so a
/// single-threaded run produces the same ids every time. A lock keeps the sequence intact.
/// </summary>
internal sealed class SeededIdGenerator(long seed)
{
    private readonly TraceIds.Xoshiro256 _random = new(seed);
    private readonly Lock _gate = new();

    public ulong NewSpanId()
    {
        lock (_gate)
        {
            ulong id;
            do
            {
                id = _random.Next();
            }
            while (id == 0);
            return id;
        }
    }

    public void NewTraceId(out ulong high, out ulong low)
    {
        lock (_gate)
        {
            do
            {
                high = _random.Next();
                low = _random.Next();
            }
            while ((high | low) == 0);
        }
    }
}
