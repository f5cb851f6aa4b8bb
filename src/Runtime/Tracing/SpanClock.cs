using System.Diagnostics;

namespace NumAgents.Instrumentation.Tracing;

/// <summary>
/// A tracer's clock: monotonic timestamps from <see cref="TracingOptions.TimeProvider"/> for starts, ends
/// and durations, and wall-clock times derived from one anchor (the provider's UTC time and a timestamp
/// read together when the tracer is created), so a run under a fake clock is reproducible and a span's
/// duration never jumps with the system clock.
/// </summary>
internal sealed class SpanClock
{
    private readonly TimeProvider _timeProvider;
    private readonly bool _systemClock;
    private readonly long _anchorTimestamp;
    private readonly long _anchorUtcTicks;
    private readonly long _timestampsPerTick;
    private readonly double _ticksPerTimestamp;
    private readonly double _millisecondsPerTimestamp;

    public SpanClock(TimeProvider timeProvider)
    {
        _timeProvider = timeProvider;
        _systemClock = ReferenceEquals(timeProvider, TimeProvider.System);
        _anchorTimestamp = timeProvider.GetTimestamp();
        _anchorUtcTicks = timeProvider.GetUtcNow().UtcTicks;
        var frequency = timeProvider.TimestampFrequency;
        _timestampsPerTick = frequency % TimeSpan.TicksPerSecond == 0 ? frequency / TimeSpan.TicksPerSecond : 0;
        _ticksPerTimestamp = (double)TimeSpan.TicksPerSecond / frequency;
        _millisecondsPerTimestamp = 1000.0 / frequency;
    }

    public TimeProvider TimeProvider => _timeProvider;

    /// <summary>A timestamp from the clock; the system clock is called directly (no virtual call).</summary>
    public long GetTimestamp() => _systemClock ? Stopwatch.GetTimestamp() : _timeProvider.GetTimestamp();

    public long ToUtcTicks(long timestamp)
    {
        var delta = timestamp - _anchorTimestamp;
        var ticks = _anchorUtcTicks + (_timestampsPerTick > 0 ? delta / _timestampsPerTick : (long)(delta * _ticksPerTimestamp));

        // A clock that misbehaves must not make reading a span throw.
        return Math.Clamp(ticks, DateTimeOffset.MinValue.UtcTicks, DateTimeOffset.MaxValue.UtcTicks);
    }

    public double ToMilliseconds(long elapsedTimestamps) => Math.Max(0, elapsedTimestamps * _millisecondsPerTimestamp);
}
