using Microsoft.Extensions.Logging;

namespace NumAgents.Instrumentation.Tests.Reliability;

/// <summary>
/// A logger factory that counts the records written and keeps nothing else, so a long run measures the
/// toolkit's memory rather than the test's.
/// </summary>
internal sealed class CountingLoggerFactory : ILoggerFactory
{
    private long _records;

    public long Records => Interlocked.Read(ref _records);

    public ILogger CreateLogger(string categoryName) => new CountingLogger(this);

    public void AddProvider(ILoggerProvider provider) => throw new NotSupportedException("The counting factory has no providers.");

    public void Dispose()
    {
    }

    private sealed class CountingLogger(CountingLoggerFactory owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            // Format like a real provider would, so the state's formatting path runs under stress too.
            _ = formatter(state, exception);
            Interlocked.Increment(ref owner._records);
        }
    }
}
