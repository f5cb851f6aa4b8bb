namespace NumAgents.Instrumentation.Tests.Reliability;

/// <summary>A clock that runs backwards: every timestamp and every wall-clock reading is earlier than the one before.</summary>
internal sealed class BackwardsTimeProvider : TimeProvider
{
    private long _timestamp = 1_000_000_000_000;
    private long _utcTicks = new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero).UtcTicks;

    public override long TimestampFrequency => 1_000_000_000;

    public override long GetTimestamp() => Interlocked.Add(ref _timestamp, -7_000_000);

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Add(ref _utcTicks, -TimeSpan.TicksPerSecond), TimeSpan.Zero);
}
