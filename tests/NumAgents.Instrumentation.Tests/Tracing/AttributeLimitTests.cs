namespace NumAgents.Instrumentation.Tests.Tracing;

/// <summary>Attribute values have a length limit, like OpenTelemetry's <c>AttributeValueLengthLimit</c>; what is cut is counted.</summary>
public sealed class AttributeLimitTests
{
    [Fact]
    public void Long_string_values_are_cut_to_the_limit_and_counted()
    {
        var monitor = new AgentMonitor(new MonitorOptions { ServiceName = "limits", AttributeValueLengthLimit = 8, CollectedActivitySources = [] });
        using (var span = monitor.Tracer.Span("op"))
        {
            span.SetAttribute("short", "12345678");
            span.SetAttribute("long", "1234567890");
            span.SetAttribute("array", new[] { "ok", "abcdefghijk" });
            span.AddEvent("e", new Dictionary<string, object?> { ["detail"] = "xxxxxxxxxxxx" });
            Assert.Equal("12345678", span.Attributes["short"]);
            Assert.Equal("12345678", span.Attributes["long"]);
            Assert.Equal(new[] { "ok", "abcdefgh" }, (string[])span.Attributes["array"]!);
            Assert.Equal("xxxxxxxx", Assert.Single(span.Events).Attributes["detail"]);
        }

        Assert.Equal(3, monitor.GetStatistics().TruncatedAttributeValues);
        Assert.Equal(3L, monitor.GetStatistics().ToDictionary()["truncated_attribute_values"]);
    }

    [Fact]
    public void A_cut_never_splits_a_surrogate_pair()
    {
        var tracer = new Tracer(new TracingOptions { AttributeValueLengthLimit = 4, CollectedActivitySources = [] });
        using var span = tracer.Span("op");
        span.SetAttribute("emoji", "abc\U0001F600def");
        Assert.Equal("abc", span.Attributes["emoji"]);
    }

    [Fact]
    public void The_default_limit_is_documented_and_invalid_limits_are_rejected()
    {
        Assert.Equal(4096, new MonitorOptions().AttributeValueLengthLimit);
        Assert.Equal(TracingOptions.DefaultAttributeValueLengthLimit, new TracingOptions().AttributeValueLengthLimit);
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new AgentMonitor(new MonitorOptions { AttributeValueLengthLimit = 0 }));
        Assert.Contains("AttributeValueLengthLimit", error.Message, StringComparison.Ordinal);
    }
}
