using System.Runtime.CompilerServices;
using NumAgents.Instrumentation.Internal;
using NumAgents.Instrumentation.Metrics;

namespace NumAgents.Instrumentation;

/// <summary>A counter series. Thread-safe and lock-free.</summary>
public sealed class CounterHandle : MetricHandle
{
    private const double MaxExactWhole = 9007199254740992d; // 2^53: the last integer a double holds exactly.

    // Whole increments (the common case) take one Interlocked.Add; fractional ones a CAS on a double.
    private long _whole;
    private long _fractionBits;

    internal CounterHandle(MetricFamily family, LabelSet labelSet)
        : base(family, labelSet)
    {
    }

    /// <summary>The counter's total.</summary>
    public double Value => Volatile.Read(ref _whole) + AtomicDouble.Read(ref _fractionBits);

    internal override long Version => Volatile.Read(ref _whole) ^ Volatile.Read(ref _fractionBits);

    /// <summary>Adds one.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Increment() => Add(1L);

    /// <summary>Adds a whole, non-negative amount.</summary>
    /// <param name="value">The increment, at least 0.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="value"/> is negative.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(long value)
    {
        if (value < 0) ThrowNegative(value);
        if (Retired)
        {
            ResolveSuccessor<CounterHandle>()?.Add(value);
            return;
        }

        Interlocked.Add(ref _whole, value);
    }

    /// <summary>Adds a non-negative, finite amount.</summary>
    /// <param name="value">The increment, at least 0 and finite.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="value"/> is negative, NaN or infinite.</exception>
    public void Add(double value)
    {
        if (!(value >= 0) || double.IsPositiveInfinity(value)) ThrowInvalid(value);
        if (Retired)
        {
            ResolveSuccessor<CounterHandle>()?.Add(value);
            return;
        }

        if (value <= MaxExactWhole && value == Math.Floor(value))
        {
            Interlocked.Add(ref _whole, (long)value);
        }
        else
        {
            AtomicDouble.Add(ref _fractionBits, value);
        }
    }

    internal void Reset()
    {
        Volatile.Write(ref _whole, 0);
        Volatile.Write(ref _fractionBits, 0);
    }

    internal override Metric Snapshot(DateTimeOffset timestamp) => new(Name, Type, Value, Labels, timestamp, Family.Description);

    private void ThrowNegative(long value) => throw new ArgumentOutOfRangeException(nameof(value), value, $"Counter '{Name}' cannot be decreased: the increment must be 0 or more, got {value}.");

    private void ThrowInvalid(double value) => throw new ArgumentOutOfRangeException(nameof(value), value, $"Counter '{Name}' needs a finite increment of 0 or more, got {value}.");
}
