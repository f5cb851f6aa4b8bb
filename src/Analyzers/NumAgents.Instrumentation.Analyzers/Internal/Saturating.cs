namespace NumAgents.Instrumentation.Analyzers.Internal;

/// <summary>Cardinality arithmetic that stops at <see cref="long.MaxValue"/> instead of wrapping.</summary>
internal static class Saturating
{
    public static long Add(long left, long right) => left > long.MaxValue - right ? long.MaxValue : left + right;

    public static long Multiply(long left, long right)
    {
        if (left == 0 || right == 0) return 0;
        return left > long.MaxValue / right ? long.MaxValue : left * right;
    }
}
