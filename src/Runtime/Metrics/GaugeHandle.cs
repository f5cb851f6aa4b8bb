using NumAgents.Instrumentation.Internal;
using NumAgents.Instrumentation.Metrics;

namespace NumAgents.Instrumentation;

/// <summary>A gauge series: the last value set wins. Thread-safe and lock-free.</summary>
/// <remarks>
/// NaN and infinities are rejected: they almost always come from a division by zero upstream, and a
/// single one poisons every aggregation Prometheus computes over the series.
/// </remarks>
public sealed class GaugeHandle : MetricHandle
{
    private long _bits;

    internal GaugeHandle(MetricFamily family, LabelSet labelSet)
        : base(family, labelSet)
    {
    }

    /// <summary>The current value.</summary>
    public double Value => AtomicDouble.Read(ref _bits);

    internal override long Version => Volatile.Read(ref _bits);

    /// <summary>Sets the value.</summary>
    /// <param name="value">A finite value.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="value"/> is NaN or infinite.</exception>
    public void Set(double value)
    {
        if (!double.IsFinite(value)) ThrowNonFinite(value);
        if (Retired)
        {
            ResolveSuccessor<GaugeHandle>()?.Set(value);
            return;
        }

        AtomicDouble.Write(ref _bits, value);
    }

    /// <summary>Adds <paramref name="delta"/> (which may be negative) to the value.</summary>
    /// <param name="delta">A finite amount.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="delta"/> is NaN or infinite.</exception>
    public void Add(double delta)
    {
        if (!double.IsFinite(delta)) ThrowNonFinite(delta);
        if (Retired)
        {
            ResolveSuccessor<GaugeHandle>()?.Add(delta);
            return;
        }

        AtomicDouble.Add(ref _bits, delta);
    }

    /// <summary>Adds one.</summary>
    public void Increment() => Add(1);

    /// <summary>Subtracts one.</summary>
    public void Decrement() => Add(-1);

    internal override Metric Snapshot(DateTimeOffset timestamp) => new(Name, Type, Value, Labels, timestamp, Family.Description);

    private void ThrowNonFinite(double value) => throw new ArgumentOutOfRangeException(nameof(value), value, $"Gauge '{Name}' needs a finite value, got {value}.");
}
