using Microsoft.Extensions.Logging;

namespace NumAgents.Instrumentation.Tests.Reliability;

/// <summary>A logger factory that fails at the chosen point: creating the logger, asking whether a level is enabled, or writing.</summary>
public sealed class ThrowingLoggerFactory(ThrowingLoggerFactory.FailAt failAt, string marker) : ILoggerFactory
{
    public enum FailAt
    {
        CreateLogger,
        IsEnabled,
        Log,
    }

    public ILogger CreateLogger(string categoryName)
        => failAt == FailAt.CreateLogger ? throw new InvalidOperationException(marker) : new ThrowingLogger(failAt, marker);

    public void AddProvider(ILoggerProvider provider) => throw new NotSupportedException("The throwing factory has no providers.");

    public void Dispose()
    {
    }

    private sealed class ThrowingLogger(FailAt failAt, string marker) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => failAt == FailAt.IsEnabled ? throw new InvalidOperationException(marker) : true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            => throw new InvalidOperationException(marker);
    }
}
