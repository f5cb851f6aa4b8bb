using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace NumAgents.Instrumentation.Tests.Logging;

/// <summary>A provider that keeps every record with its state and scopes, reading scopes the way real providers do.</summary>
public sealed class CapturingLoggerProvider : ILoggerProvider, ISupportExternalScope
{
    private IExternalScopeProvider? _scopes;

    public ConcurrentQueue<CapturedRecord> Records { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose()
    {
    }

    public sealed record CapturedRecord(string Category, LogLevel Level, string Message, IReadOnlyList<KeyValuePair<string, object?>> State, IReadOnlyList<object?> Scopes, Exception? Exception)
    {
        public object? this[string key] => State.Single(p => p.Key == key).Value;

        public bool Has(string key) => State.Any(p => p.Key == key);

        public IReadOnlyDictionary<string, object?> ScopeProperties()
        {
            var properties = new Dictionary<string, object?>();
            foreach (var scope in Scopes)
            {
                if (scope is IEnumerable<KeyValuePair<string, object?>> pairs)
                {
                    foreach (var (key, value) in pairs) properties[key] = value;
                }
            }

            return properties;
        }
    }

    private sealed class Logger(CapturingLoggerProvider provider, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => provider._scopes?.Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var scopes = new List<object?>();
            provider._scopes?.ForEachScope((scope, list) => list.Add(scope), scopes);
            var properties = state is IEnumerable<KeyValuePair<string, object?>> pairs ? pairs.ToList() : [];
            provider.Records.Enqueue(new CapturedRecord(category, logLevel, formatter(state, exception), properties, scopes, exception));
        }
    }
}
