using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using NumAgents.Instrumentation.Tests.Logging;

namespace NumAgents.Instrumentation.Tests.DependencyInjection;

public sealed class AddNumAgentsMonitoringTests
{
    [Fact]
    public void Registers_one_monitor_with_options_bound_from_configuration()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["NumAgents:Monitoring:ServiceName"] = "checkout_agent",
            ["NumAgents:Monitoring:EnableTracing"] = "false",
            ["NumAgents:Monitoring:MaxLabelSetsPerMetric"] = "50",
            ["NumAgents:Monitoring:DefaultHistogramBuckets:0"] = "1",
            ["NumAgents:Monitoring:DefaultHistogramBuckets:1"] = "10",
        }).Build();

        using var provider = new ServiceCollection().AddNumAgentsMonitoring(configuration).BuildServiceProvider();
        var monitor = provider.GetRequiredService<AgentMonitor>();

        Assert.Same(monitor, provider.GetRequiredService<AgentMonitor>());
        Assert.Equal("checkout_agent", monitor.ServiceName);
        Assert.False(monitor.Options.EnableTracing);
        Assert.Equal(50, monitor.Options.MaxLabelSetsPerMetric);
        Assert.Equal([1.0, 10.0], monitor.Options.DefaultHistogramBuckets);
        monitor.Metrics.Histogram("latency", 5);
        Assert.Contains("latency_bucket{le=\"10\"} 1", monitor.Metrics.ExportPrometheus(), StringComparison.Ordinal);
    }

    [Fact]
    public void GenAI_options_and_the_price_table_are_bound_from_configuration()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["NumAgents:Monitoring:UseGenAISpanNames"] = "true",
            ["NumAgents:Monitoring:CaptureMessageContent"] = "true",
            ["NumAgents:Monitoring:MaxCapturedContentLength"] = "2048",
            ["NumAgents:Monitoring:ModelPrices:gpt-4o:InputPerMillion"] = "2.5",
            ["NumAgents:Monitoring:ModelPrices:gpt-4o:CachedInputPerMillion"] = "1.25",
            ["NumAgents:Monitoring:ModelPrices:gpt-4o:OutputPerMillion"] = "10",
            ["NumAgents:Monitoring:ModelPrices:claude-*:InputPerMillion"] = "3",
            ["NumAgents:Monitoring:ModelPrices:claude-*:OutputPerMillion"] = "15",
            ["NumAgents:Monitoring:ModelPrices:claude-*:Currency"] = "EUR",
        }).Build();

        using var provider = new ServiceCollection().AddNumAgentsMonitoring(configuration).BuildServiceProvider();
        var monitor = provider.GetRequiredService<AgentMonitor>();

        Assert.True(monitor.Options.UseGenAISpanNames);
        Assert.True(monitor.Options.CaptureMessageContent);
        Assert.Equal(2048, monitor.Options.MaxCapturedContentLength);
        Assert.Equal(1.25, monitor.Options.ModelPrices["GPT-4O"].CachedInputPerMillion);
        var costs = monitor.RecordTokenUsage(new TokenUsage(1_000_000, 1_000_000), model: "claude-sonnet-4");
        Assert.Equal(new TokenCost("EUR", 3, 15, 0), Assert.Single(costs));
        // All input tokens read from the cache: 1.25 for them, 10 for the output.
        Assert.Equal(11.25, Assert.Single(monitor.RecordTokenUsage(new TokenUsage(1_000_000, 1_000_000, CachedInputTokens: 1_000_000), model: "gpt-4o")).Total);
    }

    [Fact]
    public void A_negative_price_in_configuration_names_the_model()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["NumAgents:Monitoring:ModelPrices:gpt-4o:InputPerMillion"] = "-1",
        }).Build();

        using var provider = new ServiceCollection().AddNumAgentsMonitoring(configuration).BuildServiceProvider();
        var error = Assert.ThrowsAny<Exception>(() => provider.GetRequiredService<AgentMonitor>());
        Assert.Contains("ModelPrices['gpt-4o']", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Uses_the_containers_logger_factory_and_clock_and_applies_code_configuration_last()
    {
        var clock = new FakeTimeProvider();
        using var loggerFactory = LoggerFactory.Create(_ => { });
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["ServiceName"] = "from_config" }).Build();
        using var provider = new ServiceCollection()
            .AddSingleton<TimeProvider>(clock)
            .AddSingleton(loggerFactory)
            .AddNumAgentsMonitoring(configuration, options => options.MaxRetainedSpans = 5)
            .BuildServiceProvider();

        var monitor = provider.GetRequiredService<AgentMonitor>();

        Assert.Equal("from_config", monitor.ServiceName);
        Assert.Same(clock, monitor.Options.TimeProvider);
        Assert.Same(loggerFactory, monitor.Options.LoggerFactory);
        Assert.Equal(5, monitor.Options.MaxRetainedSpans);
    }

    [Fact]
    public void Invalid_configuration_values_name_the_key()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["NumAgents:Monitoring:EnableMetrics"] = "sometimes" }).Build();
        using var provider = new ServiceCollection().AddNumAgentsMonitoring(configuration).BuildServiceProvider();

        var error = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<AgentMonitor>());
        Assert.Contains("EnableMetrics", error.Message, StringComparison.Ordinal);
        Assert.Contains("sometimes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Ordinary_loggers_from_the_container_are_correlated_with_the_monitors_spans()
    {
        var capture = new CapturingLoggerProvider();
        using var provider = new ServiceCollection()
            .AddLogging(logging => logging.AddProvider(capture))
            .AddNumAgentsMonitoring(options => options.ServiceName = "checkout_agent")
            .BuildServiceProvider();
        var monitor = provider.GetRequiredService<AgentMonitor>(); // builds the logger factory first: no cycle
        var logger = provider.GetRequiredService<ILogger<AddNumAgentsMonitoringTests>>();

        logger.LogInformation("outside any span");
        string traceId, spanId;
        using (var span = monitor.Tracer.Span("charge_card"))
        {
            (traceId, spanId) = (span.TraceId, span.SpanId);
            logger.LogInformation("charging");
        }

        var records = capture.Records.ToArray();
        Assert.Empty(records[0].ScopeProperties());
        var scope = records[1].ScopeProperties();
        Assert.Equal(traceId, scope["trace_id"]);
        Assert.Equal(spanId, scope["span_id"]);
        Assert.Equal("checkout_agent", scope["service"]);
    }

    [Fact]
    public void A_scope_provider_the_application_registered_is_kept()
    {
        var own = new LoggerExternalScopeProvider();
        using var provider = new ServiceCollection()
            .AddSingleton<IExternalScopeProvider>(own)
            .AddNumAgentsMonitoring()
            .BuildServiceProvider();

        Assert.Same(own, provider.GetRequiredService<IExternalScopeProvider>());
    }
}
