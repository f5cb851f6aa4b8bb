namespace NumAgents.Instrumentation.Tests.Tracing;

/// <summary>Cases from the W3C trace-context test suite (w3c/trace-context, test/test.py).</summary>
public sealed class TraceContextPropagationTests
{
    private const string TraceId = "12345678901234567890123456789012";
    private const string ParentId = "1234567890123456";

    public static TheoryData<string> ValidTraceParents => new()
    {
        "00-12345678901234567890123456789012-1234567890123456-01",
        "00-12345678901234567890123456789012-1234567890123456-00",
        "cc-12345678901234567890123456789012-1234567890123456-01",
        "cc-12345678901234567890123456789012-1234567890123456-01-what-the-future-will-be-like",
        " 00-12345678901234567890123456789012-1234567890123456-01",
        "\t00-12345678901234567890123456789012-1234567890123456-01",
        "00-12345678901234567890123456789012-1234567890123456-01 ",
        "00-12345678901234567890123456789012-1234567890123456-01\t",
        "\t 00-12345678901234567890123456789012-1234567890123456-01 \t",
    };

    public static TheoryData<string> InvalidTraceParents => new()
    {
        "00-12345678901234567890123456789012-1234567890123456-01.",
        "00-12345678901234567890123456789012-1234567890123456-01-what-the-future-will-be-like",
        "cc-12345678901234567890123456789012-1234567890123456-01.what-the-future-will-be-like",
        "ff-12345678901234567890123456789012-1234567890123456-01",
        ".0-12345678901234567890123456789012-1234567890123456-01",
        "0.-12345678901234567890123456789012-1234567890123456-01",
        "000-12345678901234567890123456789012-1234567890123456-01",
        "0000-12345678901234567890123456789012-1234567890123456-01",
        "0-12345678901234567890123456789012-1234567890123456-01",
        "00-00000000000000000000000000000000-1234567890123456-01",
        "00-.2345678901234567890123456789012-1234567890123456-01",
        "00-1234567890123456789012345678901.-1234567890123456-01",
        "00-123456789012345678901234567890123-1234567890123456-01",
        "00-1234567890123456789012345678901-1234567890123456-01",
        "00-12345678901234567890123456789012-0000000000000000-01",
        "00-12345678901234567890123456789012-.234567890123456-01",
        "00-12345678901234567890123456789012-123456789012345.-01",
        "00-12345678901234567890123456789012-12345678901234567-01",
        "00-12345678901234567890123456789012-123456789012345-01",
        "00-12345678901234567890123456789012-1234567890123456-.0",
        "00-12345678901234567890123456789012-1234567890123456-0.",
        "00-12345678901234567890123456789012-1234567890123456-001",
        "00-12345678901234567890123456789012-1234567890123456-1",
        "00-ABCDEF78901234567890123456789012-1234567890123456-01",
        "",
        "garbage",
    };

    [Theory]
    [MemberData(nameof(ValidTraceParents))]
    public void Valid_traceparents_continue_the_trace_with_a_new_parent_id(string traceParent)
    {
        var tracer = new Tracer();
        var incoming = TraceContextPropagator.Extract(new Dictionary<string, string> { ["traceparent"] = traceParent });
        Assert.True(incoming.IsValid);
        Assert.True(incoming.IsRemote);

        using var span = tracer.Span("handle", incoming);
        Assert.Equal(TraceId, span.TraceId);
        Assert.Equal(ParentId, span.ParentSpanId);
        Assert.NotEqual(ParentId, span.SpanId);

        var outgoing = new Dictionary<string, string>();
        TraceContextPropagator.Inject(tracer.CurrentContext, outgoing);
        Assert.StartsWith($"00-{TraceId}-", outgoing["traceparent"], StringComparison.Ordinal);
        Assert.Equal(span.SpanId, outgoing["traceparent"].Split('-')[2]);
    }

    [Theory]
    [MemberData(nameof(InvalidTraceParents))]
    public void Invalid_traceparents_start_a_new_trace_and_never_throw(string traceParent)
    {
        var tracer = new Tracer();
        var incoming = TraceContextPropagator.Extract(new Dictionary<string, string> { ["traceparent"] = traceParent, ["tracestate"] = "foo=1" });
        Assert.False(incoming.IsValid);
        Assert.False(TraceContextPropagator.TryParse(traceParent, null, out _));

        using var span = tracer.Span("handle", incoming);
        Assert.True(span.IsRecording);
        Assert.Null(span.ParentSpanId);
        Assert.DoesNotContain(TraceId, span.TraceId, StringComparison.Ordinal);
        Assert.NotEqual(new string('0', 32), span.TraceId);
        Assert.Null(span.Context.TraceState);
    }

    [Theory]
    [InlineData("traceparent")]
    [InlineData("TraceParent")]
    [InlineData("TrAcEpArEnT")]
    [InlineData("TRACEPARENT")]
    public void Header_names_match_case_insensitively(string name)
    {
        var context = TraceContextPropagator.Extract(new Dictionary<string, string> { [name] = $"00-{TraceId}-{ParentId}-01" });
        Assert.Equal(TraceId, context.TraceId);
    }

    [Theory]
    [InlineData("trace-parent")]
    [InlineData("trace.parent")]
    public void Wrong_header_names_are_ignored(string name)
    {
        Assert.False(TraceContextPropagator.Extract(new Dictionary<string, string> { [name] = $"00-{TraceId}-{ParentId}-01" }).IsValid);
    }

    [Fact]
    public void Duplicated_traceparent_headers_are_invalid()
    {
        using var request = new HttpRequestMessage();
        request.Headers.TryAddWithoutValidation("traceparent", $"00-{TraceId.Replace('2', '1')}-{ParentId}-01");
        request.Headers.TryAddWithoutValidation("traceparent", $"00-{TraceId}-{ParentId}-01");
        Assert.False(TraceContextPropagator.Extract(request.Headers).IsValid);

        var dictionary = new Dictionary<string, string> { ["traceparent"] = $"00-{TraceId}-{ParentId}-01", ["TraceParent"] = $"00-{TraceId}-{ParentId}-01" };
        Assert.False(TraceContextPropagator.Extract(dictionary).IsValid);
    }

    [Fact]
    public void The_sampled_flag_is_followed()
    {
        var tracer = new Tracer();
        using (var sampled = tracer.Span("a", TraceContextPropagator.Extract(new Dictionary<string, string> { ["traceparent"] = $"00-{TraceId}-{ParentId}-01" })))
        {
            Assert.True(sampled.IsRecording);
        }

        using var notSampled = tracer.Span("b", TraceContextPropagator.Extract(new Dictionary<string, string> { ["traceparent"] = $"00-{TraceId}-{ParentId}-00" }));
        Assert.False(notSampled.IsRecording);
        Assert.Equal(TraceId, notSampled.TraceId);
        var headers = new Dictionary<string, string>();
        TraceContextPropagator.Inject(tracer.CurrentContext, headers);
        Assert.Matches($"^00-{TraceId}-[0-9a-f]{{16}}-00$", headers["traceparent"]);
    }

    [Fact]
    public void Tracestate_is_inherited_combined_in_order_and_injected()
    {
        using var request = new HttpRequestMessage();
        request.Headers.TryAddWithoutValidation("traceparent", $"00-{TraceId}-{ParentId}-01");
        request.Headers.TryAddWithoutValidation("tracestate", "foo=1,bar=2");
        request.Headers.TryAddWithoutValidation("tracestate", "rojo=1,congo=2");
        request.Headers.TryAddWithoutValidation("TraceState", "baz=3");
        var incoming = TraceContextPropagator.Extract(request.Headers);
        Assert.Equal("foo=1,bar=2,rojo=1,congo=2,baz=3", incoming.TraceState);

        var tracer = new Tracer();
        using var server = tracer.Span("server", incoming);
        using var child = tracer.Span("client-call");
        using var outgoing = new HttpRequestMessage();
        TraceContextPropagator.Inject(tracer.CurrentContext, outgoing.Headers);
        Assert.Equal("foo=1,bar=2,rojo=1,congo=2,baz=3", Assert.Single(outgoing.Headers.GetValues("tracestate")));
        Assert.Equal($"00-{TraceId}-{child.SpanId}-01", Assert.Single(outgoing.Headers.GetValues("traceparent")));
    }

    [Theory]
    [InlineData("foo=1 \t , \t bar=2, \t baz=3", "foo=1,bar=2,baz=3")]
    [InlineData(" foo=1", "foo=1")]
    [InlineData("\t foo=1 \t", "foo=1")]
    [InlineData("foo=1,,bar=2", "foo=1,bar=2")]
    [InlineData("abcdefghijklmnopqrstuvwxyz0123456789_-*/=!\"#$%&'()*+-./0123456789:;<>?@ABCXYZ[\\]^_`abcxyz{|}~", "abcdefghijklmnopqrstuvwxyz0123456789_-*/=!\"#$%&'()*+-./0123456789:;<>?@ABCXYZ[\\]^_`abcxyz{|}~")]
    [InlineData("t@v=1", "t@v=1")]
    public void Valid_tracestates_are_kept_without_optional_white_space(string traceState, string expected)
    {
        Assert.True(TraceContextPropagator.TryParse($"00-{TraceId}-{ParentId}-00", traceState, out var context));
        Assert.Equal(expected, context.TraceState);
    }

    [Theory]
    [InlineData("foo=1,foo=1")]
    [InlineData("foo=1,foo=2")]
    [InlineData("foo =1")]
    [InlineData("FOO=1")]
    [InlineData("foo.bar=1")]
    [InlineData("foo@=1,bar=2")]
    [InlineData("@foo=1,bar=2")]
    [InlineData("foo@@bar=1,bar=2")]
    [InlineData("foo@bar@baz=1,bar=2")]
    [InlineData("foo=bar=baz")]
    [InlineData("foo=,bar=3")]
    [InlineData("")]
    public void Invalid_tracestates_are_discarded_but_the_traceparent_is_kept(string traceState)
    {
        Assert.True(TraceContextPropagator.TryParse($"00-{TraceId}-{ParentId}-00", traceState, out var context));
        Assert.Equal(TraceId, context.TraceId);
        Assert.Null(context.TraceState);
    }

    [Fact]
    public void Tracestate_limits_follow_the_specification()
    {
        var thirtyTwo = string.Join(',', Enumerable.Range(1, 32).Select(i => $"bar{i:00}={i:00}"));
        Assert.Equal(thirtyTwo, Parse(thirtyTwo));
        Assert.Null(Parse(thirtyTwo + ",bar33=33"));
        Assert.NotNull(Parse(new string('z', 256) + "=1"));
        Assert.Null(Parse(new string('z', 257) + "=1"));
        Assert.NotNull(Parse(new string('t', 241) + "@" + new string('v', 14) + "=1"));
        Assert.Null(Parse(new string('t', 242) + "@v=1"));
        Assert.Null(Parse("t@" + new string('v', 15) + "=1"));

        static string? Parse(string traceState)
            => TraceContextPropagator.TryParse($"00-{TraceId}-{ParentId}-00", traceState, out var context) ? context.TraceState : "<invalid traceparent>";
    }

    [Fact]
    public void A_trace_continues_across_two_processes_through_http_headers()
    {
        var client = new AgentMonitor("client");
        var server = new AgentMonitor("server");
        string clientTraceId;
        string clientSpanId;
        using var request = new HttpRequestMessage(HttpMethod.Get, "http://example.invalid/");
        using (var call = client.Tracer.Span("http.get"))
        {
            clientTraceId = call.TraceId;
            clientSpanId = call.SpanId;
            TraceContextPropagator.Inject(client.Tracer.CurrentContext, request.Headers);
        }

        using (var handle = server.Tracer.Span("handle", TraceContextPropagator.Extract(request.Headers)))
        {
            Assert.Equal(SpanKind.Server, handle.Kind);
        }

        var serverSpan = Assert.Single(server.Tracer.GetAllSpans());
        Assert.Equal(clientTraceId, serverSpan.TraceId);
        Assert.Equal(clientSpanId, serverSpan.ParentSpanId);
        Assert.Null(server.Tracer.CurrentSpan);
    }

    [Fact]
    public void A_started_trace_propagates_before_any_span_exists()
    {
        var tracer = new Tracer();
        var empty = new Dictionary<string, string>();
        TraceContextPropagator.Inject(tracer.CurrentContext, empty);
        Assert.Empty(empty);

        var traceId = tracer.StartTrace("job");
        var headers = new Dictionary<string, string>();
        TraceContextPropagator.Inject(tracer.CurrentContext, headers);
        Assert.Contains(traceId, headers["traceparent"], StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_headers_give_the_invalid_context()
    {
        Assert.False(TraceContextPropagator.Extract(new Dictionary<string, string>()).IsValid);
        using var request = new HttpRequestMessage();
        Assert.False(TraceContextPropagator.Extract(request.Headers).IsValid);
        Assert.Equal("invalid", default(SpanContext).ToString());
        Assert.Throws<InvalidOperationException>(() => default(SpanContext).ToTraceParent());
    }
}
