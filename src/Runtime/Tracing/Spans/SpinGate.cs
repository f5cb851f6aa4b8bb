namespace NumAgents.Instrumentation.Tracing;

/// <summary>
/// A spin lock over an <see cref="int"/> field of its owner: span writes are a few stores, never block
/// and are almost always uncontended (one flow writes a span), so one interlocked operation replaces a
/// monitor, and the owner needs no lock object of its own.
/// </summary>
internal readonly ref struct SpinGate
{
    private readonly ref int _gate;

    private SpinGate(ref int gate) => _gate = ref gate;

    public static SpinGate Enter(ref int gate)
    {
        if (Interlocked.CompareExchange(ref gate, 1, 0) != 0) SpinUntilAcquired(ref gate);
        return new SpinGate(ref gate);
    }

    public void Dispose() => Volatile.Write(ref _gate, 0);

    private static void SpinUntilAcquired(ref int gate)
    {
        var spinner = default(SpinWait);
        do
        {
            spinner.SpinOnce();
        }
        while (Interlocked.CompareExchange(ref gate, 1, 0) != 0);
    }
}
