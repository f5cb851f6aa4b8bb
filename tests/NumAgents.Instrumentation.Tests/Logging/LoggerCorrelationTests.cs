using Microsoft.Extensions.Logging;

namespace NumAgents.Instrumentation.Tests.Logging;

/// <summary>Ordinary ILogger calls inside a span are correlated through the scope provider.</summary>
public sealed class LoggerCorrelationTests
{
    [Fact]
    public async Task Ordinary_ILogger_calls_inside_a_span_carry_trace_and_span_ids_across_await()
    {
        var monitor = new AgentMonitor(serviceName: "orders");
        var provider = new CapturingLoggerProvider();
        using var factory = LoggerFactory.Create(builder => builder.AddProvider(provider).AddTraceCorrelation(monitor.Tracer));
        var logger = factory.CreateLogger("Orders.Handler");

        logger.LogInformation("before any span");
        string traceId, outerId, innerId;
        using (var outer = monitor.Tracer.Span("handle"))
        {
            traceId = outer.TraceId;
            outerId = outer.SpanId;
            logger.LogInformation("in outer");
            await Task.Yield();
            using (var inner = monitor.Tracer.Span("save"))
            {
                innerId = inner.SpanId;
                using (logger.BeginScope(new Dictionary<string, object?> { ["order_id"] = 7 }))
                {
                    await Task.Run(() => logger.LogWarning("in inner, on the thread pool"));
                }
            }
        }

        var records = provider.Records.ToArray();
        Assert.Empty(records[0].ScopeProperties());

        var outerScope = records[1].ScopeProperties();
        Assert.Equal(traceId, outerScope["trace_id"]);
        Assert.Equal(outerId, outerScope["span_id"]);
        Assert.Equal("orders", outerScope["service"]);

        var innerScope = records[2].ScopeProperties();
        Assert.Equal(traceId, innerScope["trace_id"]);
        Assert.Equal(innerId, innerScope["span_id"]);
        Assert.Equal(7, innerScope["order_id"]); // the user's own scopes are kept
        Assert.Equal($"trace_id:{traceId} span_id:{innerId}", records[2].Scopes[0]!.ToString());
    }

    [Fact]
    public void The_default_scope_provider_follows_the_ambient_monitor()
    {
        var monitor = new AgentMonitor(serviceName: "ambient");
        var provider = new CapturingLoggerProvider();
        using var factory = LoggerFactory.Create(builder => builder.AddProvider(provider).AddTraceCorrelation());
        var logger = factory.CreateLogger("x");
        using (AgentMonitor.Use(monitor))
        using (var span = monitor.Tracer.Span("op"))
        {
            logger.LogInformation("inside");
            Assert.Equal(span.SpanId, Assert.Single(provider.Records).ScopeProperties()["span_id"]);
        }
    }

    [Fact]
    public void Correlating_a_record_in_a_span_allocates_no_new_scope_each_time()
    {
        var tracer = new Tracer();
        var scopes = new TraceCorrelationScopeProvider(tracer);
        using var span = tracer.Span("op");
        object? first = null;
        object? second = null;
        scopes.ForEachScope((scope, _) => first ??= scope, 0);
        scopes.ForEachScope((scope, _) => second ??= scope, 0);
        Assert.NotNull(first);
        Assert.Same(first, second);
    }
}
