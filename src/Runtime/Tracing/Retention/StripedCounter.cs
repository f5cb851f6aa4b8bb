namespace NumAgents.Instrumentation.Tracing;

/// <summary>
/// A count that many threads change and few read: each thread adds to its own cell with plain writes
/// (one writer per cell, so no interlocked operation and no cache line shared between cores), and a
/// read sums the cells. Used for the tracer's count of traces in flight, which every root span changes.
/// </summary>
internal sealed class StripedCounter
{
    [ThreadStatic]
    private static Cell? t_cell;

    private readonly Lock _gate = new();
    private Cell[] _cells = [];

    /// <summary>The sum of every thread's cell.</summary>
    public long Value
    {
        get
        {
            long sum = 0;
            foreach (var cell in Volatile.Read(ref _cells)) sum += Volatile.Read(ref cell.Count);
            return sum;
        }
    }

    public void Increment()
    {
        var cell = CellForThisThread();
        Volatile.Write(ref cell.Count, cell.Count + 1);
    }

    public void Decrement()
    {
        var cell = CellForThisThread();
        Volatile.Write(ref cell.Count, cell.Count - 1);
    }

    private Cell CellForThisThread()
    {
        // One cached cell per thread: a thread that alternates between tracers takes the slow path.
        var cell = t_cell;
        return cell is not null && ReferenceEquals(cell.Owner, this) ? cell : Register();
    }

    private Cell Register()
    {
        lock (_gate)
        {
            foreach (var existing in _cells)
            {
                if (existing.Thread == Environment.CurrentManagedThreadId) return t_cell = existing;
            }

            var cell = new Cell(this, Environment.CurrentManagedThreadId);
            _cells = [.. _cells, cell];
            return t_cell = cell;
        }
    }

    private sealed class Cell(StripedCounter owner, int thread)
    {
        public long Count;

        public StripedCounter Owner { get; } = owner;

        public int Thread { get; } = thread;
    }
}
