using System.Diagnostics;

namespace NumAgents.Instrumentation.Tests.Tracing;

/// <summary>
/// Activities of other libraries inside our traces (issue 11): collected into the monitor's own trace,
/// nested under our spans, our spans nested under them, with no OpenTelemetry SDK at all. Each test has a
/// source of its own, collected by a tracer of its own, so tests never see each other's activities.
/// </summary>
public sealed class ForeignActivityTests
{
    [Fact]
    public void A_foreign_activity_inside_our_span_is_collected_nested_and_exported()
    {
        using var source = NewSource(out var name);
        var tracer = new Tracer(new TracingOptions { CollectedActivitySources = [name] });
        string nodeId;
        using (var node = tracer.Span("node.plan"))
        {
            nodeId = node.SpanId;
            Assert.Same(node, tracer.CurrentSpan);
            using var chat = source.StartActivity("chat gpt-4o", ActivityKind.Client);
            Assert.NotNull(chat);
            chat.SetTag("gen_ai.request.model", "gpt-4o");
            Assert.Equal(node.SpanId, chat.ParentSpanId.ToHexString());
            Assert.Equal(node.TraceId, chat.TraceId.ToHexString());
            var current = tracer.CurrentSpan;
            Assert.NotNull(current);
            Assert.Equal("chat gpt-4o", current.Name);
            chat.SetStatus(ActivityStatusCode.Error, "rate limited");
        }

        var spans = tracer.GetAllSpans();
        Assert.Equal(2, spans.Count);
        var collected = spans.Single(s => s.Name == "chat gpt-4o");
        Assert.Equal(nodeId, collected.ParentSpanId);
        Assert.Equal(SpanKind.Client, collected.Kind);
        Assert.Equal(SpanStatus.Error, collected.Status);
        Assert.Equal("rate limited", collected.Error);
        Assert.Equal("gpt-4o", collected.Attributes["gen_ai.request.model"]);
        Assert.NotNull(collected.DurationMs);

        var jaeger = tracer.ExportJaeger(collected.TraceId);
        var exported = jaeger["data"]![0]!["spans"]!.AsArray();
        Assert.Equal(2, exported.Count);
        var chatSpan = exported.Single(s => (string?)s!["operationName"] == "chat gpt-4o")!;
        Assert.Equal(nodeId, (string?)chatSpan["references"]![0]!["spanID"]);
    }

    [Fact]
    public void Our_span_started_inside_a_foreign_activity_is_its_child()
    {
        using var source = NewSource(out var name);
        var tracer = new Tracer(new TracingOptions { CollectedActivitySources = [name] });
        using var root = tracer.Span("flow.agent");
        using var tool = source.StartActivity("execute_tool get_weather")!;
        using (var method = tracer.Span("WeatherTool.CallAsync"))
        {
            Assert.Equal(tool.SpanId.ToHexString(), method.ParentSpanId);
            Assert.Equal(root.TraceId, method.TraceId);
        }

        Assert.Same(tool, Activity.Current);
    }

    [Fact]
    public void A_foreign_activity_outside_our_traces_is_never_created_or_collected()
    {
        using var source = NewSource(out var name);
        var tracer = new Tracer(new TracingOptions { CollectedActivitySources = [name] });
        Assert.Null(source.StartActivity("chat outside"));
        Assert.Empty(tracer.GetAllSpans());
    }

    [Fact]
    public void Collected_activities_in_flight_are_bounded_and_the_rest_is_counted()
    {
        using var source = NewSource(out var name);
        var monitor = new AgentMonitor(new MonitorOptions { ServiceName = "bounded", CollectedActivitySources = [name], MaxCollectedActivitiesInFlight = 2 });
        using var root = monitor.Tracer.Span("root");

        // Activities another library never stops: at most two are held, the third is counted.
        var leaked = new[] { source.StartActivity("a"), source.StartActivity("b"), source.StartActivity("c") };
        Assert.All(leaked, Assert.NotNull);
        var statistics = monitor.GetStatistics();
        Assert.Equal(3, statistics.ActiveSpans); // root and two collected
        Assert.Equal(1, statistics.UncollectedActivities);
        Activity.Current = null;
    }

    [Fact]
    public void A_trace_id_prefix_pattern_collects_every_matching_source()
    {
        var prefix = "Test.Prefix." + Guid.NewGuid().ToString("N");
        using var first = new ActivitySource(prefix + ".One");
        using var second = new ActivitySource(prefix + ".Two");
        var tracer = new Tracer(new TracingOptions { CollectedActivitySources = [prefix + "*"] });
        using (tracer.Span("root"))
        {
            first.StartActivity("one")?.Dispose();
            second.StartActivity("two")?.Dispose();
        }

        Assert.Equal(["one", "root", "two"], tracer.GetAllSpans().Select(s => s.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Without_a_collected_source_in_the_process_spans_are_not_activities()
    {
        var tracer = new Tracer(new TracingOptions { CollectedActivitySources = ["Test.NeverCreated." + Guid.NewGuid().ToString("N")] });
        var before = Activity.Current;
        using (tracer.Span("light"))
        {
            Assert.Same(before, Activity.Current);
        }
    }

    [Fact]
    public void Once_a_collected_source_exists_our_current_span_is_the_current_activity_and_ends_restoring_it()
    {
        using var source = NewSource(out var name);
        var tracer = new Tracer(new TracingOptions { CollectedActivitySources = [name] });
        var before = Activity.Current;
        using (var span = tracer.Span("carrier"))
        {
            Assert.NotNull(Activity.Current);
            Assert.Equal(span.SpanId, Activity.Current.SpanId.ToHexString());
            Assert.Equal(span.TraceId, Activity.Current.TraceId.ToHexString());
            Assert.Same(span, tracer.GetSpan(span.SpanId));
        }

        Assert.Same(before, Activity.Current);
        var retained = Assert.Single(tracer.GetAllSpans());
        Assert.Equal("carrier", retained.Name);
        Assert.Equal(SpanStatus.Ok, retained.Status);
    }

    private static ActivitySource NewSource(out string name)
    {
        name = "Test.Foreign." + Guid.NewGuid().ToString("N");
        return new ActivitySource(name);
    }
}
