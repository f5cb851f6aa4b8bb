namespace NumAgents.Instrumentation.AI.Tests;

internal static class TestMonitors
{
    /// <summary>A monitor that prices <see cref="FakeChatClient.Model"/>: 2 per million input, 0.5 cached, 8 output.</summary>
    public static AgentMonitor Create(Action<MonitorOptions>? configure = null)
    {
        var options = new MonitorOptions
        {
            ServiceName = "ai_tests",
            EnableLogging = false,
            ModelPrices = { [FakeChatClient.Model] = new ModelPrice { InputPerMillion = 2, CachedInputPerMillion = 0.5, OutputPerMillion = 8 } },
        };
        configure?.Invoke(options);
        return new AgentMonitor(options);
    }

    /// <summary>The cost of the fake's usage (100 uncached and 20 cached input tokens, 30 output) at that price.</summary>
    public const double FakeCallCost = (100 * 2 + 20 * 0.5 + 30 * 8) / 1_000_000.0;

    public static IReadOnlyList<Span> Trace(AgentMonitor monitor, Span root) => monitor.Tracer.GetTraceSpans(root.TraceId);

    public static string PathOf(IReadOnlyList<Span> spans, Span span)
    {
        var byId = spans.ToDictionary(s => s.SpanId);
        var path = span.Name;
        for (var up = span; up.ParentSpanId is { } parent && byId.TryGetValue(parent, out var next); up = next) path = next.Name + " > " + path;
        return path;
    }
}
