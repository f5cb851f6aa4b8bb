namespace NumAgents.Instrumentation.Tests.Infrastructure;

/// <summary>Bytes a piece of code allocates on the calling thread, for allocation budgets (never timings).</summary>
public static class Allocations
{
    /// <summary>
    /// The fewest bytes <paramref name="body"/> allocated in three runs. Code that allocates does so on
    /// every run, so the minimum is its steady-state cost; a single run can read higher when a
    /// collection that another test's thread triggers lands inside it (CI once measured 7,736 B, most
    /// of one allocation quantum, for a loop that allocates nothing).
    /// </summary>
    public static long Measure(Action body) => Measure(body, out _);

    /// <inheritdoc cref="Measure(Action)"/>
    /// <param name="body">The code to measure; it runs once, or up to three times while it reads above 0.</param>
    /// <param name="runs">How many times <paramref name="body"/> ran, for tests that also count what it recorded.</param>
    public static long Measure(Action body, out int runs)
    {
        ArgumentNullException.ThrowIfNull(body);
        var fewest = long.MaxValue;
        for (runs = 0; runs < 3 && fewest > 0; runs++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            body();
            fewest = Math.Min(fewest, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        return fewest;
    }
}
