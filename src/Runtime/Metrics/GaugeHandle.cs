using NumAgents.Instrumentation.Internal;
using NumAgents.Instrumentation.Metrics;

namespace NumAgents.Instrumentation;

/// <summary>A gauge series: the last value set wins. Thread-safe and lock-free.</summary>
/// <remarks>
/// <para>
/// NaN and infinities are rejected: they almost always come from a division by zero upstream, and a
/// single one poisons every aggregation Prometheus computes over the series.
/// </para>
/// <para>
/// A series registered with <see cref="MetricsCollector.ObservableGauge"/> is read from its callback
/// when it is exported or queried; it cannot also be set.
/// </para>
/// </remarks>
public sealed class GaugeHandle : MetricHandle
{
    private long _bits;
    private Func<double>? _observe;

    internal GaugeHandle(MetricFamily family, LabelSet labelSet)
        : base(family, labelSet)
    {
    }

    /// <summary>
    /// The current value. For an observed series, the callback's value, or NaN when the callback failed
    /// (the failure is counted among the collector's contained instrumentation errors).
    /// </summary>
    public double Value => TryRead(out var value) ? value : double.NaN;

    internal bool IsObserved => Volatile.Read(ref _observe) is not null;

    internal override long Version => Volatile.Read(ref _bits);

    /// <summary>Sets the value.</summary>
    /// <param name="value">A finite value.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="value"/> is NaN or infinite.</exception>
    /// <exception cref="InvalidOperationException">The series is read from a callback (<see cref="MetricsCollector.ObservableGauge"/>).</exception>
    public void Set(double value)
    {
        if (!double.IsFinite(value)) ThrowNonFinite(value);
        if (_observe is not null) ThrowObserved();
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
    /// <exception cref="InvalidOperationException">The series is read from a callback (<see cref="MetricsCollector.ObservableGauge"/>).</exception>
    public void Add(double delta)
    {
        if (!double.IsFinite(delta)) ThrowNonFinite(delta);
        if (_observe is not null) ThrowObserved();
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

    internal override Metric Snapshot(DateTimeOffset timestamp) => new(Name, Type, Value, Labels, timestamp, Family.Description, Family.Unit);

    /// <summary>Makes the series read <paramref name="observe"/> (the last registration wins).</summary>
    internal void Observe(Func<double> observe) => Volatile.Write(ref _observe, observe);

    /// <summary>
    /// The value to export. A callback that throws or returns NaN or an infinity is contained: the
    /// series is skipped (false), the failure counted and reported, so a scrape never breaks on it.
    /// </summary>
    internal bool TryRead(out double value)
    {
        var observe = Volatile.Read(ref _observe);
        if (observe is null)
        {
            value = AtomicDouble.Read(ref _bits);
            return true;
        }

        try
        {
            value = observe();
        }
        catch (Exception exception)
        {
            Family.Collector.ReportInstrumentationFailure("observable-gauge", new InvalidOperationException($"The callback of observable gauge '{Name}'{DescribeLabels()} threw {exception.GetType().Name}: {exception.Message}", exception));
            value = double.NaN;
            return false;
        }

        if (double.IsFinite(value)) return true;
        Family.Collector.ReportInstrumentationFailure("observable-gauge", new InvalidOperationException($"The callback of observable gauge '{Name}'{DescribeLabels()} returned {value}; the series is skipped."));
        value = double.NaN;
        return false;
    }

    private string DescribeLabels() => LabelSet.Pairs.Length == 0 ? string.Empty : " {" + string.Join(", ", LabelSet.Pairs.Select(p => $"{p.Key}={p.Value}")) + "}";

    private void ThrowObserved() => throw new InvalidOperationException($"Gauge '{Name}' is read from a callback (ObservableGauge); it cannot be set.");

    private void ThrowNonFinite(double value) => throw new ArgumentOutOfRangeException(nameof(value), value, $"Gauge '{Name}' needs a finite value, got {value}.");
}
