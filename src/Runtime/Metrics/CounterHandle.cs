using System.Runtime.CompilerServices;
using NumAgents.Instrumentation.Internal;
using NumAgents.Instrumentation.Metrics;
using NumAgents.Instrumentation.Metrics.Exemplars;

namespace NumAgents.Instrumentation;

/// <summary>A counter series. Thread-safe and lock-free.</summary>
/// <remarks>
/// When its collector belongs to a monitor that traces, the series keeps an exemplar: an increment made
/// inside a sampled span, with that span's trace and span ids, taken at most once per OpenMetrics scrape
/// (see <see cref="MetricsCollector"/>). Looking for it costs an increment two loads and a compare.
/// </remarks>
public sealed class CounterHandle : MetricHandle
{
    private const double MaxExactWhole = 9007199254740992d; // 2^53: the last integer a double holds exactly.

    private readonly ExemplarSampler _sampler;

    // Whole increments (the common case) take one Interlocked.Add; fractional ones a CAS on a double.
    private long _whole;
    private long _fractionBits;

    // One slot, present while exemplars are taken from spans (or once one is given explicitly); written
    // only by the holder of _exemplarGate, so a scrape never reads a torn exemplar. The backoff is counted
    // down without the gate: a lost decrement between racing threads only shifts the next look.
    private ExemplarSlot[]? _exemplar;
    private ExemplarBackoff _exemplarBackoff;
    private int _exemplarGate;

    internal CounterHandle(MetricFamily family, LabelSet labelSet)
        : base(family, labelSet)
    {
        _sampler = family.Collector.Exemplars;
        if (_sampler.Spans is not null) _exemplar = new ExemplarSlot[1];
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
        var exemplar = _exemplar;
        if (exemplar is not null && !_exemplarBackoff.Skips() && _sampler.IsDue(exemplar[0])) OfferExemplar(value);
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

        AddValue(value);
        var exemplar = _exemplar;
        if (exemplar is not null && !_exemplarBackoff.Skips() && _sampler.IsDue(exemplar[0])) OfferExemplar(value);
    }

    /// <summary>
    /// Adds a non-negative, finite amount and keeps it as the series' exemplar with
    /// <paramref name="exemplarLabels"/> (OpenMetrics only exports exemplars; for example
    /// <c>[("trace_id", span.TraceId)]</c>). The latest explicit exemplar wins.
    /// </summary>
    /// <param name="value">The increment, at least 0 and finite.</param>
    /// <param name="exemplarLabels">The exemplar's labels: names and values of at most 128 code points together, valid UTF-16.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="value"/> is negative, NaN or infinite.</exception>
    /// <exception cref="ArgumentException">An exemplar label is null, duplicated or not valid UTF-16, or the labels are too long; nothing is recorded.</exception>
    public void Add(double value, in Labels exemplarLabels)
    {
        if (!(value >= 0) || double.IsPositiveInfinity(value)) ThrowInvalid(value);
        ExemplarLabels.Validate(Name, exemplarLabels);
        if (Retired)
        {
            ResolveSuccessor<CounterHandle>()?.Add(value, exemplarLabels);
            return;
        }

        AddValue(value);
        var slots = _exemplar ?? Interlocked.CompareExchange(ref _exemplar, new ExemplarSlot[1], null) ?? _exemplar;
        var now = _sampler.Now();
        EnterExemplarGate();
        try
        {
            _sampler.Keep(ref slots[0], value, now, exemplarLabels);
        }
        finally
        {
            Volatile.Write(ref _exemplarGate, 0);
        }
    }

    internal void Reset()
    {
        Volatile.Write(ref _whole, 0);
        Volatile.Write(ref _fractionBits, 0);
    }

    /// <summary>The kept exemplar, copied whole; absent (<see cref="Exemplar.IsPresent"/> false) when there is none.</summary>
    internal Exemplar ReadExemplar()
    {
        var slots = Volatile.Read(ref _exemplar);
        if (slots is null) return default;
        EnterExemplarGate();
        try
        {
            return slots[0].Kept;
        }
        finally
        {
            Volatile.Write(ref _exemplarGate, 0);
        }
    }

    internal override Metric Snapshot(DateTimeOffset timestamp) => new(Name, Type, Value, Labels, timestamp, Family.Description, Family.Unit);

    private void AddValue(double value)
    {
        if (value <= MaxExactWhole && value == Math.Floor(value))
        {
            Interlocked.Add(ref _whole, (long)value);
        }
        else
        {
            AtomicDouble.Add(ref _fractionBits, value);
        }
    }

    /// <summary>The rare path: a look for the current sampled span, skipped when another thread is already taking one.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void OfferExemplar(double value)
    {
        if (Interlocked.CompareExchange(ref _exemplarGate, 1, 0) != 0) return;
        try
        {
            _sampler.Offer(ref _exemplar![0], ref _exemplarBackoff, value);
        }
        finally
        {
            Volatile.Write(ref _exemplarGate, 0);
        }
    }

    private void EnterExemplarGate()
    {
        var spin = default(SpinWait);
        while (Interlocked.CompareExchange(ref _exemplarGate, 1, 0) != 0) spin.SpinOnce();
    }

    private void ThrowNegative(long value) => throw new ArgumentOutOfRangeException(nameof(value), value, $"Counter '{Name}' cannot be decreased: the increment must be 0 or more, got {value}.");

    private void ThrowInvalid(double value) => throw new ArgumentOutOfRangeException(nameof(value), value, $"Counter '{Name}' needs a finite increment of 0 or more, got {value}.");
}
