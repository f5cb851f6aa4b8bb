using System.Diagnostics;

namespace NumAgents.Instrumentation.Tests.Tracing;

/// <summary>
/// Sampling under an activity of another library (issue 11): an activity nobody sampled is not a
/// sampling decision (ASP.NET Core's request activity without a listener); a flag that came from a
/// <c>traceparent</c> header is. These activities are made without a source, as ASP.NET Core makes them
/// when nothing listens, so no listener is involved.
/// </summary>
public sealed class SamplingUnderActivityTests
{
    [Fact]
    public void A_span_inside_an_activity_nobody_sampled_records_and_joins_its_trace()
    {
        var monitor = new AgentMonitor(new MonitorOptions { ServiceName = "web", CollectedActivitySources = [] });
        using var request = new Activity("Microsoft.AspNetCore.Hosting.HttpRequestIn").Start();
        Assert.False(request.Recorded);
        using (var span = monitor.Tracer.Span("flow.agent"))
        {
            Assert.True(span.IsRecording);
            Assert.Equal(request.TraceId.ToHexString(), span.TraceId);
            Assert.Equal(request.SpanId.ToHexString(), span.ParentSpanId);
        }

        Assert.Equal(1, monitor.GetStatistics().SpansCount);
        Assert.Equal(0, monitor.GetStatistics().SampledOutTraces);
    }

    [Fact]
    public void Inside_an_activity_nobody_sampled_the_ratio_decides()
    {
        var monitor = new AgentMonitor(new MonitorOptions { ServiceName = "web", SamplingRatio = 0, CollectedActivitySources = [] });
        using var request = new Activity("request").Start();
        using (var span = monitor.Tracer.Span("flow.agent"))
        {
            Assert.False(span.IsRecording);
        }

        Assert.Equal(0, monitor.GetStatistics().SpansCount);
        Assert.Equal(1, monitor.GetStatistics().SampledOutTraces);
    }

    [Theory]
    [InlineData("01", true)]
    [InlineData("00", false)]
    public void A_traceparent_flag_is_a_decision(string flags, bool recorded)
    {
        var monitor = new AgentMonitor(new MonitorOptions { ServiceName = "web", CollectedActivitySources = [] });
        using var request = new Activity("request");
        request.SetParentId("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-" + flags);
        request.Start();
        using (var span = monitor.Tracer.Span("flow.agent"))
        {
            Assert.Equal(recorded, span.IsRecording);
            Assert.Equal("0af7651916cd43dd8448eb211c80319c", span.TraceId);
            Assert.Equal(recorded, span.Context.IsSampled);
        }

        Assert.Equal(recorded ? 0 : 1, monitor.GetStatistics().SampledOutTraces);
    }

    [Fact]
    public void A_nested_span_under_a_sampled_out_incoming_trace_stays_sampled_out_and_allocates_nothing_more()
    {
        var monitor = new AgentMonitor(new MonitorOptions { ServiceName = "web", CollectedActivitySources = [] });
        using var request = new Activity("request");
        request.SetParentId("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-00");
        request.Start();
        using var outer = monitor.Tracer.Span("outer");
        Assert.False(outer.IsRecording);
        using var inner = monitor.Tracer.Span("inner");
        Assert.False(inner.IsRecording);
        Assert.Equal(outer.SpanId, inner.SpanId); // the shared view: a sampled-out subtree allocates one span
    }
}
