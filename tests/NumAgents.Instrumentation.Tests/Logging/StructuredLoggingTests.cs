using Microsoft.Extensions.Logging;

namespace NumAgents.Instrumentation.Tests.Logging;

public sealed class StructuredLoggingTests
{
    [Fact]
    public void Log_carries_service_trace_and_span_ids_and_every_extra()
    {
        var provider = new CapturingLoggerProvider();
        using var factory = LoggerFactory.Create(builder => builder.AddProvider(provider).SetMinimumLevel(LogLevel.Trace));
        var monitor = new AgentMonitor(new MonitorOptions { ServiceName = "api_service", LoggerFactory = factory });
        monitor.Tracer.StartTrace("user_request");
        using (var span = monitor.Tracer.Span("process_request"))
        {
            monitor.Log(LogLevel.Information, "Processing user request", new Dictionary<string, object?> { ["user_id"] = "456", ["action"] = "create_order" });

            var record = Assert.Single(provider.Records);
            Assert.Equal("api_service", record.Category);
            Assert.Equal(LogLevel.Information, record.Level);
            Assert.Equal("Processing user request", record.Message);
            Assert.Equal("api_service", record["service"]);
            Assert.Equal(span.TraceId, record["trace_id"]);
            Assert.Equal(span.SpanId, record["span_id"]);
            Assert.Equal("456", record["user_id"]);
            Assert.Equal("create_order", record["action"]);
        }
    }

    [Fact]
    public void Outside_a_span_there_are_no_ids_and_after_StartTrace_only_the_trace_id()
    {
        var provider = new CapturingLoggerProvider();
        using var factory = LoggerFactory.Create(builder => builder.AddProvider(provider));
        var monitor = new AgentMonitor(new MonitorOptions { LoggerFactory = factory });
        monitor.Log(LogLevel.Warning, "High memory usage detected");
        var traceId = monitor.Tracer.StartTrace("t");
        monitor.Log(LogLevel.Error, "Failed to connect to database");

        var records = provider.Records.ToArray();
        Assert.False(records[0].Has("trace_id"));
        Assert.False(records[0].Has("span_id"));
        Assert.Equal(traceId, records[1]["trace_id"]);
        Assert.False(records[1].Has("span_id"));
        Assert.Equal(LogLevel.Error, records[1].Level);
    }

    [Fact]
    public void Extras_named_like_reserved_keys_do_not_hide_the_monitors_values()
    {
        var provider = new CapturingLoggerProvider();
        using var factory = LoggerFactory.Create(builder => builder.AddProvider(provider));
        var monitor = new AgentMonitor(new MonitorOptions { ServiceName = "real", LoggerFactory = factory });
        monitor.Log(LogLevel.Information, "m", new Dictionary<string, object?> { ["service"] = "fake", ["x"] = null });
        var record = Assert.Single(provider.Records);
        Assert.Equal("real", record["service"]);
        Assert.Equal("fake", record["extra.service"]);
        Assert.Null(record["x"]);
    }

    [Fact]
    public void Log_with_an_exception_passes_it_to_the_provider()
    {
        var provider = new CapturingLoggerProvider();
        using var factory = LoggerFactory.Create(builder => builder.AddProvider(provider));
        var monitor = new AgentMonitor(new MonitorOptions { LoggerFactory = factory });
        var exception = new InvalidOperationException("boom");
        monitor.Log(LogLevel.Error, exception, "failed", new Dictionary<string, object?> { ["step"] = 3 });
        var record = Assert.Single(provider.Records);
        Assert.Same(exception, record.Exception);
        Assert.Equal(3, record["step"]);
    }

    [Fact]
    public void Disabled_logging_writes_nothing()
    {
        var provider = new CapturingLoggerProvider();
        using var factory = LoggerFactory.Create(builder => builder.AddProvider(provider));
        var monitor = new AgentMonitor(new MonitorOptions { EnableLogging = false, LoggerFactory = factory });
        monitor.Log(LogLevel.Critical, "ignored");
        Assert.Empty(provider.Records);
    }

    [Fact]
    public void A_throwing_provider_is_contained_and_counted()
    {
        using var factory = LoggerFactory.Create(builder => builder.AddProvider(new ThrowingProvider()));
        var monitor = new AgentMonitor(new MonitorOptions { LoggerFactory = factory });
        monitor.Log(LogLevel.Information, "first");
        monitor.Log(LogLevel.Information, "second");
        Assert.Equal(2, monitor.GetStatistics().InstrumentationErrors);
        Assert.Throws<ArgumentNullException>(() => monitor.Log(LogLevel.Information, null!));
    }

    private sealed class ThrowingProvider : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new ThrowingLogger();

        public void Dispose()
        {
        }

        private sealed class ThrowingLogger : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
                => throw new InvalidOperationException("provider failure");
        }
    }
}
