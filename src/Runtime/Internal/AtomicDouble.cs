namespace NumAgents.Instrumentation.Internal;

/// <summary>Lock-free arithmetic on a double stored as its 64-bit pattern (prometheus-net's scheme).</summary>
internal static class AtomicDouble
{
    public static double Read(ref long bits) => BitConverter.Int64BitsToDouble(Volatile.Read(ref bits));

    public static void Write(ref long bits, double value) => Volatile.Write(ref bits, BitConverter.DoubleToInt64Bits(value));

    public static double Add(ref long bits, double delta)
    {
        var current = Volatile.Read(ref bits);
        while (true)
        {
            var next = BitConverter.DoubleToInt64Bits(BitConverter.Int64BitsToDouble(current) + delta);
            var observed = Interlocked.CompareExchange(ref bits, next, current);
            if (observed == current) return BitConverter.Int64BitsToDouble(next);
            current = observed;
        }
    }
}
