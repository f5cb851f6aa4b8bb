using System.Runtime.CompilerServices;

namespace NumAgents.Instrumentation.Metrics.Exemplars;

/// <summary>
/// Decides, for a whole collector, when a series may keep a new exemplar, and takes it: each counter series
/// and each histogram bucket keeps at most one exemplar per sampling window, and a window ends when an
/// exposition that carries exemplars (OpenMetrics) is written. A scrape therefore sees, per bucket, a
/// sampled observation from since the previous scrape.
/// </summary>
/// <remarks>
/// <para>
/// The rate limit costs a recording two loads and a compare: no clock is read until a slot is due (a clock
/// read costs more than the whole recording; see bench/README.md). When the current span is not sampled, the
/// series waits 1, 2, 4... up to <see cref="MaxBackoff"/> recordings before it looks again
/// (<see cref="ExemplarBackoff"/>), so an application that does not trace pays one decrement per recording and
/// one look every <see cref="MaxBackoff"/> recordings.
/// </para>
/// <para>
/// Memory is bounded by the series: one slot per counter series and per histogram bucket, allocated with
/// the series, never on a recording.
/// </para>
/// </remarks>
internal sealed class ExemplarSampler
{
    /// <summary>
    /// The longest wait, in recordings, between two looks for a sampled span: long enough that an application
    /// that records without spans pays a fraction of a nanosecond per recording for the looks (a look reads the
    /// async-local current span), short enough that a bucket starts keeping exemplars within that many
    /// recordings once spans appear.
    /// </summary>
    public const int MaxBackoff = 64;

    private readonly MetricsCollector _collector;

    // Starts at 1 so that a new slot (window 0) is due at once.
    private int _window = 1;

    public ExemplarSampler(MetricsCollector collector, SampledSpanSource? spans, TimeProvider clock)
    {
        _collector = collector;
        Spans = spans;
        Clock = clock;
    }

    /// <summary>The source of sampled spans; <see langword="null"/> when only explicit exemplars are kept.</summary>
    public SampledSpanSource? Spans { get; }

    public TimeProvider Clock { get; }

    /// <summary>The current sampling window.</summary>
    public int Window => Volatile.Read(ref _window);

    /// <summary>Ends the current window: every slot may take a new exemplar.</summary>
    public void StartNextWindow() => Interlocked.Increment(ref _window);

    /// <summary>
    /// The recording path: whether <paramref name="slot"/> may take this window's exemplar. Inlined into the
    /// recording; a slot that already holds this window's exemplar answers with one compare.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool IsDue(in ExemplarSlot slot) => slot.Window != Window;

    /// <summary>
    /// Looks for the current sampled span and, when there is one, keeps <paramref name="value"/> with its ids in
    /// <paramref name="slot"/>; the series' <paramref name="backoff"/> learns whether it found one.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public void Offer(ref ExemplarSlot slot, ref ExemplarBackoff backoff, double value)
    {
        var window = Window;
        try
        {
            if (Spans is not null && Spans.TryGetSampledSpan(out var traceIdHigh, out var traceIdLow, out var spanId))
            {
                slot.Kept = new Exemplar(value, Clock.GetUtcNow().UtcTicks, traceIdHigh, traceIdLow, spanId);
                slot.Window = window;
                backoff.Found();
                return;
            }
        }
        catch (Exception exception)
        {
            // A span source or clock that throws costs the exemplar, never the recording.
            _collector.ReportInstrumentationFailure("exemplars", exception);
        }

        backoff.Missed();
    }

    /// <summary>Keeps an exemplar the application gave explicitly (its labels already validated).</summary>
    public void Keep(ref ExemplarSlot slot, double value, long utcTicks, in Labels labels)
    {
        slot.Kept = new Exemplar(value, utcTicks, labels);
        slot.Window = Window;
    }

    /// <summary>The time stamped on an explicit exemplar, read before the series' lock is taken.</summary>
    public long Now() => Clock.GetUtcNow().UtcTicks;
}
