using System.Collections.Concurrent;
using Microsoft.Extensions.Time.Testing;

namespace NumAgents.Instrumentation.Tests.Core;

/// <summary>
/// A fake clock for flow tests. With <see cref="SkipWaits"/> on, every one-shot timer fires as soon
/// as it is created, after the clock moves forward by its due time: a back-off wait takes no real
/// time, yet shows up in durations, and <see cref="Waits"/> lists every wait asked for. With it off,
/// timers wait for <see cref="FakeTimeProvider.Advance"/>, and <see cref="WaitForTimerAsync"/> tells
/// a test when code under test has started waiting.
/// </summary>
internal sealed class TestClock : FakeTimeProvider
{
    private readonly SemaphoreSlim _timersCreated = new(0);

    public TestClock(bool skipWaits = true)
        : base(new DateTimeOffset(2025, 1, 21, 10, 30, 0, TimeSpan.Zero))
    {
        SkipWaits = skipWaits;
    }

    public bool SkipWaits { get; set; }

    public ConcurrentQueue<TimeSpan> Waits { get; } = new();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        var oneShot = period == Timeout.InfiniteTimeSpan && dueTime != Timeout.InfiniteTimeSpan;
        if (oneShot) Waits.Enqueue(dueTime);
        _timersCreated.Release();
        if (SkipWaits && oneShot) Advance(dueTime);
        return timer;
    }

    /// <summary>Completes once code under test has created a timer (one per call).</summary>
    public async Task WaitForTimerAsync()
    {
        if (!await _timersCreated.WaitAsync(TimeSpan.FromSeconds(30))) throw new TimeoutException("No timer was created within 30 s.");
    }
}
