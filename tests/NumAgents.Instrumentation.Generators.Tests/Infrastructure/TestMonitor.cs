using Microsoft.Extensions.Time.Testing;

namespace NumAgents.Instrumentation.Generators.Tests.Infrastructure;

/// <summary>A monitor on a fake clock (2026-01-01), so durations are exactly what a test advances.</summary>
internal static class TestMonitor
{
    public static (AgentMonitor Monitor, FakeTimeProvider Clock) Create()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        return (new AgentMonitor(new MonitorOptions { ServiceName = "generated_tests", TimeProvider = clock, EnableLogging = false }), clock);
    }
}
