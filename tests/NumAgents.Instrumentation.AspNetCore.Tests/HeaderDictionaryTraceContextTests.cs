using Microsoft.AspNetCore.Http;

namespace NumAgents.Instrumentation.AspNetCore.Tests;

/// <summary>W3C trace context read from and written to ASP.NET Core's <see cref="IHeaderDictionary"/> (issue 11).</summary>
public sealed class HeaderDictionaryTraceContextTests
{
    private const string TraceParent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

    [Fact]
    public void A_request_traceparent_and_its_tracestate_headers_are_extracted()
    {
        IHeaderDictionary headers = new HeaderDictionary
        {
            ["traceparent"] = TraceParent,
            ["tracestate"] = new Microsoft.Extensions.Primitives.StringValues(["congo=t61rcWkgMzE", "rojo=00f067aa0ba902b7"]),
        };

        var context = headers.ExtractTraceContext();

        Assert.True(context.IsValid);
        Assert.True(context.IsRemote);
        Assert.True(context.IsSampled);
        Assert.Equal("0af7651916cd43dd8448eb211c80319c", context.TraceId);
        Assert.Equal("b7ad6b7169203331", context.SpanId);
        Assert.Equal("congo=t61rcWkgMzE,rojo=00f067aa0ba902b7", context.TraceState);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("00-0af7651916cd43dd8448eb211c80319c-0000000000000000-01")]
    [InlineData("ff-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")]
    [InlineData("not a traceparent")]
    public void A_missing_or_malformed_traceparent_gives_the_invalid_context(string? traceParent)
    {
        IHeaderDictionary headers = new HeaderDictionary();
        if (traceParent is not null) headers["traceparent"] = traceParent;

        Assert.False(headers.ExtractTraceContext().IsValid);
    }

    [Fact]
    public void Two_traceparent_headers_are_ignored()
    {
        IHeaderDictionary headers = new HeaderDictionary { ["traceparent"] = new Microsoft.Extensions.Primitives.StringValues([TraceParent, TraceParent]) };

        Assert.False(headers.ExtractTraceContext().IsValid);
    }

    [Fact]
    public void The_current_span_is_injected_replacing_what_was_there_and_round_trips()
    {
        var tracer = new Tracer();
        IHeaderDictionary headers = new HeaderDictionary { ["traceparent"] = TraceParent, ["tracestate"] = "old=1" };

        SpanContext sent;
        using (var span = tracer.Span("reply"))
        {
            sent = tracer.CurrentContext;
            headers.InjectTraceContext(sent);
        }

        Assert.Equal(sent.ToTraceParent(), headers.TraceParent.ToString());
        Assert.False(headers.ContainsKey("tracestate"));
        var received = headers.ExtractTraceContext();
        Assert.Equal(sent.TraceId, received.TraceId);
        Assert.Equal(sent.SpanId, received.SpanId);
    }

    [Fact]
    public void An_invalid_context_writes_nothing()
    {
        IHeaderDictionary headers = new HeaderDictionary { ["traceparent"] = TraceParent };

        headers.InjectTraceContext(default);

        Assert.Equal(TraceParent, headers.TraceParent.ToString());
    }
}
