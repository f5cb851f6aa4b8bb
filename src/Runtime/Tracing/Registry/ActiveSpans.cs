namespace NumAgents.Instrumentation.Tracing;

/// <summary>
/// The recording spans of the process that are still running, findable by span id: what
/// <see cref="Tracer.GetSpan"/> finds before a span ends, what tells an activity of another library that
/// its parent is one of our spans, and what maps <see cref="System.Diagnostics.Activity.Current"/> back
/// to our span.
/// </summary>
/// <remarks>
/// <para>
/// Starting a span must stay a matter of nanoseconds, so this is an open-addressing table of span
/// references with bounded probing: adding is one compare-and-swap into a free slot near the slot the
/// span id hashes to, removing is one write, finding probes at most <see cref="Probes"/> slots per level.
/// Span ids are random, so collisions are rare; the table never rehashes.
/// </para>
/// <para>
/// Memory is bounded: levels of 4,096, 8,192, 16,384 and 32,768 slots are allocated as the previous one
/// fills, <see cref="Capacity"/> in all. A span that finds no free slot still records, exports and is
/// retained when it ends; it only cannot be found by id while it runs, and is counted in
/// <see cref="Untracked"/>. A span that is never ended keeps its slot (and is visible in
/// <c>MonitorStatistics.ActiveSpans</c>), so a leak is bounded and visible, never silent.
/// </para>
/// </remarks>
internal static class ActiveSpans
{
    public const int Capacity = 4096 + 8192 + 16384 + 32768;

    private const int FirstLevelBits = 12;
    private const int Levels = 4;
    private const int Probes = 8;

    private static readonly Span?[]?[] _levels = new Span?[]?[Levels];
    private static long _untracked;

    /// <summary>Running spans that could not be registered because every probed slot was taken.</summary>
    public static long Untracked => Interlocked.Read(ref _untracked);

    /// <summary>Adds a span created with <see cref="Span.IsRegistered"/> set (a plain write at construction); clears it when there is no room.</summary>
    public static bool TryAdd(Span span)
    {
        var id = span.SpanIdValue;
        for (var level = 0; level < Levels; level++)
        {
            var table = Volatile.Read(ref _levels[level]) ?? Allocate(level);
            var mask = table.Length - 1;
            var start = Slot(id, FirstLevelBits + level);
            for (var probe = 0; probe < Probes; probe++)
            {
                ref var slot = ref table[(start + probe) & mask];
                if (slot is null && Interlocked.CompareExchange(ref slot, span, null) is null) return true;
            }
        }

        span.IsRegistered = false;
        Interlocked.Increment(ref _untracked);
        return false;
    }

    /// <summary>Removes a span that ended (one that never got a slot costs one flag test).</summary>
    public static void Remove(Span span)
    {
        if (!span.IsRegistered) return;
        var id = span.SpanIdValue;
        for (var level = 0; level < Levels; level++)
        {
            var table = Volatile.Read(ref _levels[level]);
            if (table is null) return;
            var mask = table.Length - 1;
            var start = Slot(id, FirstLevelBits + level);
            for (var probe = 0; probe < Probes; probe++)
            {
                ref var slot = ref table[(start + probe) & mask];
                if (ReferenceEquals(Volatile.Read(ref slot), span))
                {
                    Volatile.Write(ref slot, null);
                    return;
                }
            }
        }
    }

    public static Span? Find(ulong spanId)
    {
        if (spanId == 0) return null;
        for (var level = 0; level < Levels; level++)
        {
            var table = Volatile.Read(ref _levels[level]);
            if (table is null) return null;
            var mask = table.Length - 1;
            var start = Slot(spanId, FirstLevelBits + level);
            for (var probe = 0; probe < Probes; probe++)
            {
                var span = Volatile.Read(ref table[(start + probe) & mask]);
                if (span is not null && span.SpanIdValue == spanId) return span;
            }
        }

        return null;
    }

    /// <summary>Counts the running spans of one tracer (a statistics read: it scans the allocated levels).</summary>
    public static int Count(Tracer tracer)
    {
        var count = 0;
        for (var level = 0; level < Levels; level++)
        {
            var table = Volatile.Read(ref _levels[level]);
            if (table is null) break;
            foreach (var span in table)
            {
                if (span is not null && ReferenceEquals(span.Tracer, tracer)) count++;
            }
        }

        return count;
    }

    /// <summary>Fibonacci hashing: sequential ids (a seeded generator) spread as well as random ones.</summary>
    private static int Slot(ulong id, int bits) => (int)((id * 0x9E3779B97F4A7C15UL) >> (64 - bits));

    private static Span?[] Allocate(int level)
    {
        Interlocked.CompareExchange(ref _levels[level], new Span?[1 << (FirstLevelBits + level)], null);
        return _levels[level]!;
    }
}
