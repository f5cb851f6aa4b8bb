using System.Text.RegularExpressions;
using Microsoft.Extensions.Time.Testing;

namespace NumAgents.Instrumentation.Tests.Tracing;

public sealed partial class TracerTests
{
    [GeneratedRegex("^[0-9a-f]{32}$")]
    private static partial Regex TraceIdPattern();

    [GeneratedRegex("^[0-9a-f]{16}$")]
    private static partial Regex SpanIdPattern();

    [Fact]
    public void Ids_are_W3C_lowercase_hex_random_and_never_zero()
    {
        var tracer = new Tracer();
        var traceIds = new HashSet<string>();
        var spanIds = new HashSet<string>();
        for (var i = 0; i < 2000; i++)
        {
            using var span = tracer.Span("op");
            Assert.Matches(TraceIdPattern(), span.TraceId);
            Assert.Matches(SpanIdPattern(), span.SpanId);
            Assert.NotEqual(new string('0', 32), span.TraceId);
            Assert.NotEqual(new string('0', 16), span.SpanId);
            traceIds.Add(span.TraceId);
            spanIds.Add(span.SpanId);
        }

        Assert.Equal(2000, traceIds.Count);
        Assert.Equal(2000, spanIds.Count);
    }

    [Fact]
    public void Span_is_a_child_of_the_current_span_and_becomes_current_until_disposed()
    {
        var tracer = new Tracer();
        Assert.Null(tracer.CurrentSpan);
        using (var parent = tracer.Span("handle_request"))
        {
            Assert.Same(parent, tracer.CurrentSpan);
            Assert.Null(parent.ParentSpanId);
            using (var child = tracer.Span("authenticate"))
            {
                Assert.Same(child, tracer.CurrentSpan);
                Assert.Equal(parent.SpanId, child.ParentSpanId);
                Assert.Equal(parent.TraceId, child.TraceId);
            }

            Assert.Same(parent, tracer.CurrentSpan);
        }

        Assert.Null(tracer.CurrentSpan);
        Assert.Equal(2, tracer.GetAllSpans().Count);
    }

    [Fact]
    public void StartTrace_makes_later_spans_roots_of_that_trace()
    {
        var tracer = new Tracer();
        var traceId = tracer.StartTrace("user_registration");
        Assert.Matches(TraceIdPattern(), traceId);
        Assert.Null(tracer.CurrentSpan);
        Assert.Equal(traceId, tracer.CurrentContext.TraceId);

        using (var span = tracer.Span("validate_input"))
        {
            span.SetAttribute("email", "user@example.com");
        }

        using (tracer.Span("save_to_database"))
        {
        }

        var spans = tracer.GetTraceSpans(traceId);
        Assert.Equal(["validate_input", "save_to_database"], spans.Select(s => s.Name));
        Assert.All(spans, s => Assert.Null(s.ParentSpanId));
        Assert.All(spans, s => Assert.Equal(traceId, s.TraceId));
        Assert.Equal("user@example.com", spans[0].Attributes["email"]);
    }

    [Fact]
    public void StartTrace_accepts_a_given_trace_id_and_rejects_a_malformed_one()
    {
        var tracer = new Tracer();
        Assert.Equal("4bf92f3577b34da6a3ce929d0e0e4736", tracer.StartTrace("t", "4BF92F3577B34DA6A3CE929D0E0E4736"));
        var error = Assert.Throws<ArgumentException>(() => tracer.StartTrace("t", "xyz"));
        Assert.Contains("xyz", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => tracer.StartTrace("t", new string('0', 32)));
        Assert.Throws<ArgumentException>(() => tracer.StartTrace(""));
    }

    [Fact]
    public void StartSpan_with_no_current_trace_starts_one_trace_with_one_root()
    {
        var tracer = new Tracer();
        var span = tracer.StartSpan("manual");
        Assert.Null(tracer.CurrentSpan); // StartSpan does not make the span current
        tracer.FinishSpan(span);

        var all = tracer.GetAllSpans();
        Assert.Single(all);
        Assert.Same(span, all[0]);
        Assert.Null(span.ParentSpanId);
        Assert.Single(tracer.GetTraceSpans(span.TraceId));
    }

    [Fact]
    public void StartSpan_joins_a_given_trace_and_parent()
    {
        // Before any trace is current on this flow, a parent id alone names nothing.
        Assert.Throws<ArgumentException>(() => new Tracer().StartSpan("x", parentSpanId: "00f067aa0ba902b7"));
        var tracer = new Tracer();
        var traceId = tracer.StartTrace("t");
        var root = tracer.StartSpan("root", traceId: traceId);
        var child = tracer.StartSpan("child", traceId: traceId, parentSpanId: root.SpanId, attributes: new Dictionary<string, object?> { ["n"] = 1 });
        Assert.Equal(traceId, child.TraceId);
        Assert.Equal(root.SpanId, child.ParentSpanId);
        Assert.Null(root.ParentSpanId);
        Assert.Equal(1L, child.Attributes["n"]);

        using (var current = tracer.Span("current"))
        {
            var nested = tracer.StartSpan("nested");
            Assert.Equal(current.SpanId, nested.ParentSpanId);
            nested.Finish();
        }

        Assert.Throws<ArgumentException>(() => tracer.StartSpan("x", traceId: "nothex"));
        Assert.Throws<ArgumentException>(() => tracer.StartSpan("x", traceId: traceId, parentSpanId: "123"));
    }

    [Fact]
    public void The_first_finish_wins_and_later_ones_are_harmless()
    {
        var fake = new FakeTimeProvider();
        var tracer = new Tracer(new TracingOptions { TimeProvider = fake });
        var span = tracer.StartSpan("manual");
        fake.Advance(TimeSpan.FromMilliseconds(5));
        tracer.FinishSpan(span, SpanStatus.Error, error: "timeout");
        fake.Advance(TimeSpan.FromMilliseconds(5));
        tracer.FinishSpan(span);
        span.Finish(SpanStatus.Ok);
        span.EndAt(SpanStatus.Ok, fake.GetTimestamp());
        span.Dispose();

        Assert.Equal(SpanStatus.Error, span.Status);
        Assert.Equal("timeout", span.Error);
        Assert.Equal(5, span.DurationMs);
        Assert.Single(tracer.GetAllSpans());
    }

    [Fact]
    public void A_running_span_has_no_end_is_found_by_id_and_is_listed_once_it_ends()
    {
        var tracer = new Tracer();
        var span = tracer.StartSpan("running");
        Assert.Null(span.EndTime);
        Assert.Null(span.DurationMs);
        Assert.False(span.IsEnded);
        Assert.Equal(SpanStatus.Unset, span.Status);
        Assert.Same(span, tracer.GetSpan(span.SpanId));
        Assert.Null(new Tracer().GetSpan(span.SpanId));
        Assert.Empty(tracer.GetAllSpans());
        span.Finish();
        Assert.Single(tracer.GetAllSpans());
        Assert.Same(span, tracer.GetSpan(span.SpanId));
        Assert.Null(tracer.GetSpan("00f067aa0ba902b7"));
        Assert.Throws<ArgumentException>(() => tracer.GetSpan("nope"));
        Assert.Empty(tracer.GetTraceSpans("4bf92f3577b34da6a3ce929d0e0e4736"));
    }

    [Fact]
    public void Attributes_keep_the_canonical_types()
    {
        var tracer = new Tracer();
        using var span = tracer.Span("attrs", new Dictionary<string, object?> { ["initial"] = "yes" });
        span.SetAttribute("s", "text")
            .SetAttribute("b", true)
            .SetAttribute("l", 42L)
            .SetAttribute("i", 7)
            .SetAttribute("d", 1.5)
            .SetAttribute("f", 2.5f)
            .SetAttribute("sa", new[] { "a", "b" })
            .SetAttribute("ba", new[] { true, false })
            .SetAttribute("la", new[] { 1L, 2L })
            .SetAttribute("ia", new[] { 1, 2 })
            .SetAttribute("da", new[] { 0.5, 1.5 })
            .SetAttribute("list", new List<string> { "x" })
            .SetAttribute("kind", SpanKind.Client)
            .SetAttribute("gone", "soon")
            .SetAttribute("gone", null)
            .SetAttribute("s", "replaced");

        var attributes = span.Attributes;
        Assert.Equal(["initial", "s", "b", "l", "i", "d", "f", "sa", "ba", "la", "ia", "da", "list", "kind"], attributes.Keys);
        Assert.Equal("replaced", attributes["s"]);
        Assert.Equal(true, attributes["b"]);
        Assert.Equal(42L, attributes["l"]);
        Assert.Equal(7L, attributes["i"]);
        Assert.Equal(1.5, attributes["d"]);
        Assert.Equal(2.5, attributes["f"]);
        Assert.Equal(new[] { "a", "b" }, attributes["sa"]);
        Assert.Equal(new[] { true, false }, attributes["ba"]);
        Assert.Equal(new[] { 1L, 2L }, attributes["la"]);
        Assert.Equal(new[] { 1L, 2L }, attributes["ia"]);
        Assert.Equal(new[] { 0.5, 1.5 }, attributes["da"]);
        Assert.Equal(new[] { "x" }, attributes["list"]);
        Assert.Equal("Client", attributes["kind"]);
        Assert.False(attributes.ContainsKey("gone"));
        Assert.Throws<ArgumentException>(() => span.SetAttribute("", 1));
    }

    [Fact]
    public void Attributes_per_span_are_bounded()
    {
        var tracer = new Tracer();
        using var span = tracer.Span("many");
        for (var i = 0; i < Span.MaxAttributes + 10; i++) span.SetAttribute("k" + i, i);
        Assert.Equal(Span.MaxAttributes, span.Attributes.Count);
        for (var i = 0; i < Span.MaxEvents + 3; i++) span.AddEvent("e");
        Assert.Equal(Span.MaxEvents, span.Events.Count);
        Assert.Equal(13, span.DroppedCount);
    }

    [Fact]
    public void Events_carry_their_attributes_and_timestamps()
    {
        var fake = new FakeTimeProvider(new DateTimeOffset(2025, 1, 21, 10, 30, 0, TimeSpan.Zero));
        var tracer = new Tracer(new TracingOptions { TimeProvider = fake });
        using var span = tracer.Span("payment_processing");
        fake.Advance(TimeSpan.FromMilliseconds(3));
        span.AddEvent("validation_started");
        fake.Advance(TimeSpan.FromMilliseconds(4));
        span.AddEvent("payment_gateway_called", new Dictionary<string, object?> { ["gateway"] = "stripe", ["attempt"] = 2, ["none"] = null });

        Assert.Collection(
            span.Events,
            e =>
            {
                Assert.Equal("validation_started", e.Name);
                Assert.Equal(new DateTimeOffset(2025, 1, 21, 10, 30, 0, 3, TimeSpan.Zero), e.Timestamp);
                Assert.Empty(e.Attributes);
            },
            e =>
            {
                Assert.Equal("payment_gateway_called", e.Name);
                Assert.Equal(new DateTimeOffset(2025, 1, 21, 10, 30, 0, 7, TimeSpan.Zero), e.Timestamp);
                Assert.Equal("stripe", e.Attributes["gateway"]);
                Assert.Equal(2L, e.Attributes["attempt"]);
                Assert.False(e.Attributes.ContainsKey("none"));
            });
    }

    [Fact]
    public void Kinds_and_links_are_recorded()
    {
        var tracer = new Tracer();
        var other = tracer.StartSpan("batch-input");
        other.Finish();
        using var span = tracer.StartGenerated("consume", TimeProvider.System.GetTimestamp(), SpanKind.Consumer);
        span.AddLink(other.Context, new Dictionary<string, object?> { ["reason"] = "batch" });
        Assert.Equal(SpanKind.Consumer, span.Kind);
        var link = Assert.Single(span.Links);
        Assert.Equal(other.TraceId, link.Context.TraceId);
        Assert.Equal(other.SpanId, link.Context.SpanId);
        Assert.Equal("batch", link.Attributes["reason"]);
        Assert.Throws<ArgumentException>(() => span.AddLink(default));
        Assert.Throws<ArgumentOutOfRangeException>(() => tracer.Span("x", other.Context, (SpanKind)42));
    }

    [Fact]
    public void Timestamps_come_from_the_time_provider_and_are_exact_under_a_fake_clock()
    {
        var start = new DateTimeOffset(2025, 1, 21, 10, 30, 0, TimeSpan.Zero);
        var fake = new FakeTimeProvider(start);
        var tracer = new Tracer(new TracingOptions { TimeProvider = fake });
        fake.Advance(TimeSpan.FromTicks(12_345));
        var span = tracer.Span("timed");
        fake.Advance(TimeSpan.FromMilliseconds(250.5));
        span.Dispose();

        Assert.Equal(start.AddTicks(12_345), span.StartTime);
        Assert.Equal(start.AddTicks(12_345).AddMilliseconds(250.5), span.EndTime);
        Assert.Equal(250.5, span.DurationMs);
    }

    [Fact]
    public void StartActiveSpan_and_End_use_the_callers_timestamps_and_restore_the_previous_span()
    {
        var fake = new FakeTimeProvider();
        var tracer = new Tracer(new TracingOptions { TimeProvider = fake });
        using var outer = tracer.Span("outer");
        var start = fake.GetTimestamp();
        var span = tracer.StartGenerated("node.Load", start, SpanKind.Internal);
        Assert.Same(span, tracer.CurrentSpan);
        Assert.Equal(outer.SpanId, span.ParentSpanId);
        span.EndAt(SpanStatus.Ok, start + TimeSpan.FromMilliseconds(12).Ticks);
        Assert.Same(outer, tracer.CurrentSpan);
        Assert.Equal(12, span.DurationMs);
        Assert.Equal(SpanStatus.Ok, span.Status);
    }

    [Fact]
    public void RecordException_sets_error_and_adds_an_exception_event()
    {
        var tracer = new Tracer();
        var span = tracer.Span("work");
        var exception = new InvalidOperationException("boom");
        span.RecordException(exception);
        span.Dispose(); // Dispose keeps the recorded status

        Assert.Equal(SpanStatus.Error, span.Status);
        Assert.Equal("System.InvalidOperationException: boom", span.Error);
        var e = Assert.Single(span.Events);
        Assert.Equal("exception", e.Name);
        Assert.Equal("System.InvalidOperationException", e.Attributes["exception.type"]);
        Assert.Equal("boom", e.Attributes["exception.message"]);
        Assert.Contains("boom", (string)e.Attributes["exception.stacktrace"]!, StringComparison.Ordinal);
    }

    [Fact]
    public void SetStatus_is_kept_by_Dispose_and_an_explicit_finish_overrides_it()
    {
        var tracer = new Tracer();
        var kept = tracer.Span("kept");
        kept.SetStatus(SpanStatus.Error, "bad input");
        kept.Dispose();
        Assert.Equal(SpanStatus.Error, kept.Status);
        Assert.Equal("bad input", kept.Error);

        var overridden = tracer.Span("overridden");
        overridden.SetStatus(SpanStatus.Error, "transient");
        overridden.Finish(SpanStatus.Ok);
        Assert.Equal(SpanStatus.Ok, overridden.Status);
        Assert.Null(overridden.Error);
    }

    [Fact]
    public void ToDictionary_uses_the_guides_keys()
    {
        var tracer = new Tracer();
        var span = tracer.Span("op");
        span.SetAttribute("k", "v");
        span.AddEvent("e");
        span.Dispose();
        var d = span.ToDictionary();
        Assert.Equal(span.SpanId, d["span_id"]);
        Assert.Equal(span.TraceId, d["trace_id"]);
        Assert.Null(d["parent_span_id"]);
        Assert.Equal("op", d["name"]);
        Assert.Equal("ok", d["status"]);
        Assert.Equal(span.DurationMs, d["duration_ms"]);
        Assert.Equal("v", ((IReadOnlyDictionary<string, object?>)d["attributes"]!)["k"]);
        Assert.Single((IReadOnlyList<IReadOnlyDictionary<string, object?>>)d["events"]!);
    }

    [Fact]
    public void A_disabled_tracer_records_nothing_and_never_returns_null()
    {
        var monitor = new AgentMonitor(serviceName: "off", enableTracing: false);
        Assert.False(monitor.Tracer.IsEnabled);
        using (var span = monitor.Tracer.Span("x"))
        {
            Assert.NotNull(span);
            Assert.False(span.IsRecording);
            span.SetAttribute("k", 1).AddEvent("e").RecordException(new InvalidOperationException());
            Assert.Null(monitor.Tracer.CurrentSpan);
        }

        monitor.Tracer.StartGenerated("y", 0).EndAt(SpanStatus.Error, 1, "x");
        Assert.Empty(monitor.Tracer.GetAllSpans());
        Assert.Matches(TraceIdPattern(), monitor.Tracer.StartTrace("t"));
        Assert.False(monitor.GetStatistics().TracingEnabled);
    }

    [Fact]
    public void A_span_of_one_monitor_inside_a_span_of_another_joins_its_trace_and_each_retains_its_own()
    {
        var a = new AgentMonitor("a");
        var b = new AgentMonitor("b");
        using (var spanA = a.Tracer.Span("a"))
        {
            using (var spanB = b.Tracer.Span("b"))
            {
                Assert.Equal(spanA.SpanId, spanB.ParentSpanId);
                Assert.Equal(spanA.TraceId, spanB.TraceId);
                Assert.Same(spanB, a.Tracer.CurrentSpan);
                Assert.Same(spanB, b.Tracer.CurrentSpan);
            }

            Assert.Same(spanA, b.Tracer.CurrentSpan);
        }

        Assert.Equal("a", Assert.Single(a.Tracer.GetAllSpans()).Name);
        Assert.Equal("b", Assert.Single(b.Tracer.GetAllSpans()).Name);
        Assert.Equal(1, b.GetStatistics().SpansCount);
    }
}
