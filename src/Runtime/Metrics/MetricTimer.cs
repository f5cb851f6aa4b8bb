namespace NumAgents.Instrumentation;

/// <summary>
/// Measures the time until <see cref="Dispose"/> with the monitor's monotonic clock and records it, in
/// milliseconds, into a timer histogram. A struct: starting and stopping allocates nothing.
/// </summary>
/// <remarks>Dispose it once (a <c>using</c> does); a copy disposed again records again.</remarks>
public readonly struct MetricTimer : IDisposable
{
    private readonly HistogramHandle? _histogram;
    private readonly TimeProvider? _clock;
    private readonly long _startTimestamp;

    internal MetricTimer(HistogramHandle histogram, TimeProvider clock)
    {
        _histogram = histogram;
        _clock = clock;
        _startTimestamp = clock.GetTimestamp();
    }

    /// <summary>The time elapsed since the timer started (zero for a default instance).</summary>
    public TimeSpan Elapsed => _clock is null ? TimeSpan.Zero : _clock.GetElapsedTime(_startTimestamp);

    /// <summary>Records the elapsed milliseconds.</summary>
    public void Dispose()
    {
        if (_histogram is null) return;
        var elapsed = _clock!.GetElapsedTime(_startTimestamp).TotalMilliseconds;

        // A clock that runs backwards (a misbehaving TimeProvider) must not break the caller.
        _histogram.Record(elapsed >= 0 ? elapsed : 0);
    }
}
