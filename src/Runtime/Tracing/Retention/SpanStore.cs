namespace NumAgents.Instrumentation.Tracing;

/// <summary>
/// The finished spans a tracer keeps: a fixed-size ring, so retention is bounded, the oldest span is
/// overwritten first and adding one is an interlocked increment and a store (no lock, no allocation
/// once the ring exists).
/// </summary>
/// <remarks>
/// A snapshot taken while other threads finish spans may miss a span whose slot is being written, or
/// see the span it replaces; it never returns one span twice.
/// </remarks>
internal sealed class SpanStore
{
    private readonly int _capacity;
    private Span?[]? _slots;
    private long _added;

    public SpanStore(int capacity) => _capacity = capacity;

    /// <summary>Spans retained now.</summary>
    public int Count => (int)Math.Min(Volatile.Read(ref _added), _capacity);

    /// <summary>Spans evicted (or never kept, with a capacity of 0).</summary>
    public long Dropped => Math.Max(0, Volatile.Read(ref _added) - _capacity);

    public void Add(Span span)
    {
        if (_capacity == 0)
        {
            Interlocked.Increment(ref _added);
            return;
        }

        var slots = Volatile.Read(ref _slots) ?? CreateSlots();
        var index = Interlocked.Increment(ref _added) - 1;
        Volatile.Write(ref slots[index % _capacity], span);
    }

    /// <summary>The retained spans, oldest finished first, that <paramref name="filter"/> accepts.</summary>
    public List<Span> Snapshot(Func<Span, bool>? filter = null)
    {
        var result = new List<Span>();
        var slots = Volatile.Read(ref _slots);
        if (slots is null) return result;
        var end = Volatile.Read(ref _added);
        var start = Math.Max(0, end - _capacity);
        for (var i = start; i < end; i++)
        {
            var span = Volatile.Read(ref slots[i % _capacity]);
            if (span is not null && (filter is null || filter(span))) result.Add(span);
        }

        return result;
    }

    /// <summary>The retained span with the given id, newest first, or <see langword="null"/>.</summary>
    public Span? Find(ulong spanId)
    {
        var slots = Volatile.Read(ref _slots);
        if (slots is null) return null;
        var end = Volatile.Read(ref _added);
        var start = Math.Max(0, end - _capacity);
        for (var i = end - 1; i >= start; i--)
        {
            var span = Volatile.Read(ref slots[i % _capacity]);
            if (span is not null && span.SpanIdValue == spanId) return span;
        }

        return null;
    }

    private Span?[] CreateSlots()
    {
        Interlocked.CompareExchange(ref _slots, new Span?[_capacity], null);
        return _slots!;
    }
}
