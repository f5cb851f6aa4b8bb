using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using Microsoft.Extensions.Time.Testing;

namespace NumAgents.Instrumentation.Tests.Export.Jaeger;

public sealed class JaegerExportTests
{
    private static readonly DateTimeOffset Epoch = new(2025, 1, 21, 10, 30, 0, TimeSpan.Zero);
    private static readonly Lazy<JsonSchema> Schema = new(() => JsonSchema.FromFile(Path.Combine(AppContext.BaseDirectory, "Export", "Jaeger", "jaeger-ui-trace.schema.json")));

    [Fact]
    public void A_trace_export_matches_the_Jaeger_schema_and_names_the_service()
    {
        var (monitor, traceId) = BuildTrace();
        var export = monitor.Tracer.ExportJaeger(traceId);

        AssertValid(export);
        var trace = Assert.Single(export["data"]!.AsArray())!;
        Assert.Equal(traceId, (string?)trace["traceID"]);
        Assert.Equal("api_service", (string?)trace["processes"]!["p1"]!["serviceName"]);
        Assert.All(trace["spans"]!.AsArray(), s => Assert.Equal("p1", (string?)s!["processID"]));
    }

    [Fact]
    public void Every_span_parent_tag_event_and_error_round_trips()
    {
        var (monitor, traceId) = BuildTrace();
        var spans = monitor.Tracer.GetTraceSpans(traceId);
        var export = monitor.Tracer.ExportJaeger(traceId);
        var exported = export["data"]![0]!["spans"]!.AsArray().ToDictionary(s => (string)s!["spanID"]!, s => s!);

        Assert.Equal(spans.Count, exported.Count);
        foreach (var span in spans)
        {
            var json = exported[span.SpanId];
            Assert.Equal(span.TraceId, (string?)json["traceID"]);
            Assert.Equal(span.Name, (string?)json["operationName"]);
            Assert.Equal((span.StartTime - DateTimeOffset.UnixEpoch).Ticks / 10, (long)json["startTime"]!);
            Assert.Equal((long)Math.Round(span.DurationMs!.Value * 1000), (long)json["duration"]!);
            Assert.Equal(1, (int)json["flags"]!);

            var references = json["references"]!.AsArray();
            var childOf = references.Where(r => (string?)r!["refType"] == "CHILD_OF").ToList();
            if (span.ParentSpanId is null)
            {
                Assert.Empty(childOf);
            }
            else
            {
                var parent = Assert.Single(childOf)!;
                Assert.Equal(span.ParentSpanId, (string?)parent["spanID"]);
                Assert.Equal(span.TraceId, (string?)parent["traceID"]);
            }

            var followsFrom = references.Where(r => (string?)r!["refType"] == "FOLLOWS_FROM").Select(r => (string)r!["spanID"]!).ToList();
            Assert.Equal(span.Links.Select(l => l.Context.SpanId), followsFrom);

            var tags = ReadTags(json["tags"]!.AsArray());
            foreach (var (key, value) in span.Attributes)
            {
                Assert.Equal(ExpectedTag(value), tags[key]);
            }

            if (span.Status == SpanStatus.Error)
            {
                Assert.Equal(("bool", (object?)true), tags["error"]);
                Assert.Equal(("string", (object?)"ERROR"), tags["otel.status_code"]);
                Assert.Equal(("string", (object?)span.Error), tags["otel.status_description"]);
            }
            else
            {
                Assert.False(tags.ContainsKey("error"));
                Assert.Equal(("string", (object?)"OK"), tags["otel.status_code"]);
            }

            if (span.Kind != SpanKind.Internal) Assert.Equal(("string", (object?)span.Kind.ToString().ToLowerInvariant()), tags["span.kind"]);
            else Assert.False(tags.ContainsKey("span.kind"));

            var logs = json["logs"]!.AsArray();
            Assert.Equal(span.Events.Count, logs.Count);
            for (var i = 0; i < logs.Count; i++)
            {
                var spanEvent = span.Events[i];
                Assert.Equal((spanEvent.Timestamp - DateTimeOffset.UnixEpoch).Ticks / 10, (long)logs[i]!["timestamp"]!);
                var fields = ReadTags(logs[i]!["fields"]!.AsArray());
                Assert.Equal(("string", (object?)spanEvent.Name), fields["event"]);
                foreach (var (key, value) in spanEvent.Attributes) Assert.Equal(ExpectedTag(value), fields[key]);
            }
        }
    }

    [Fact]
    public void Tag_types_follow_the_Jaeger_model()
    {
        var tracer = new Tracer();
        using (var span = tracer.Span("typed"))
        {
            span.SetAttribute("s", "text").SetAttribute("b", false).SetAttribute("l", -5L).SetAttribute("d", 0.25)
                .SetAttribute("nan", double.NaN).SetAttribute("sa", new[] { "a", "b\"c" }).SetAttribute("la", new[] { 1L, 2L })
                .SetAttribute("ba", new[] { true }).SetAttribute("da", new[] { 1.5, double.PositiveInfinity });
        }

        var export = tracer.ExportJaeger();
        AssertValid(export);
        var tags = ReadTags(export["data"]![0]!["spans"]![0]!["tags"]!.AsArray());
        Assert.Equal(("string", (object?)"text"), tags["s"]);
        Assert.Equal(("bool", (object?)false), tags["b"]);
        Assert.Equal(("int64", (object?)-5L), tags["l"]);
        Assert.Equal(("float64", (object?)0.25), tags["d"]);
        Assert.Equal(("string", (object?)"NaN"), tags["nan"]);
        Assert.Equal(("string", (object?)"[\"a\",\"b\\\"c\"]"), tags["sa"]);
        Assert.Equal(("string", (object?)"[1,2]"), tags["la"]);
        Assert.Equal(("string", (object?)"[true]"), tags["ba"]);
        Assert.Equal(("string", (object?)"[1.5,\"Infinity\"]"), tags["da"]);
    }

    [Fact]
    public void Times_are_integer_microseconds_from_the_fake_clock()
    {
        var fake = new FakeTimeProvider(Epoch);
        var tracer = new Tracer(new TracingOptions { TimeProvider = fake });
        var span = tracer.Span("timed");
        fake.Advance(TimeSpan.FromTicks(12_345_678)); // 1,234,567.8 µs
        span.Dispose();

        var json = tracer.ExportJaeger(span.TraceId)["data"]![0]!["spans"]![0]!;
        Assert.Equal((Epoch - DateTimeOffset.UnixEpoch).Ticks / 10, (long)json["startTime"]!);
        Assert.Equal(1_234_567, (long)json["duration"]!);
    }

    [Fact]
    public void An_unknown_trace_gives_an_empty_data_array()
    {
        var tracer = new Tracer();
        tracer.Span("other").Dispose();
        var export = tracer.ExportJaeger("4bf92f3577b34da6a3ce929d0e0e4736");
        AssertValid(export);
        Assert.Empty(export["data"]!.AsArray());
        Assert.Throws<ArgumentException>(() => tracer.ExportJaeger("not-a-trace"));
    }

    [Fact]
    public void The_all_traces_export_and_the_stream_hold_every_trace()
    {
        var tracer = new Tracer(new TracingOptions { ServiceName = "many" });
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            using var root = tracer.Span("root" + i);
            using var child = tracer.Span("child" + i);
            ids.Add(root.TraceId);
        }

        var export = tracer.ExportJaeger();
        AssertValid(export);
        Assert.Equal(ids, export["data"]!.AsArray().Select(t => (string)t!["traceID"]!));
        Assert.All(export["data"]!.AsArray(), t => Assert.Equal(2, t!["spans"]!.AsArray().Count));

        using var stream = new MemoryStream();
        Assert.True(tracer.WriteJaeger(stream));
        var streamed = JsonNode.Parse(stream.ToArray())!;
        Assert.True(JsonNode.DeepEquals(export, streamed));

        using var one = new MemoryStream();
        Assert.True(tracer.WriteJaeger(one, ids[1]));
        Assert.True(JsonNode.DeepEquals(tracer.ExportJaeger(ids[1]), JsonNode.Parse(one.ToArray())));
    }

    [Fact]
    public void A_large_export_streams_through_the_pooled_buffer()
    {
        var tracer = new Tracer();
        for (var i = 0; i < 2000; i++)
        {
            using var span = tracer.Span("span-with-a-long-operation-name-" + i);
            for (var a = 0; a < 5; a++) span.SetAttribute("attribute." + a, "value " + i);
        }

        using var stream = new MemoryStream();
        Assert.True(tracer.WriteJaeger(stream));
        Assert.True(stream.Length > 64 * 1024); // more than one buffer
        var document = JsonNode.Parse(stream.ToArray())!; // well-formed across buffer boundaries
        Assert.Equal(2000, document["data"]!.AsArray().Count);
        Assert.Equal("value 1999", (string?)document["data"]![1999]!["spans"]![0]!["tags"]![4]!["value"]);
    }

    [Fact]
    public async Task The_async_export_writes_the_same_document_across_several_flushes()
    {
        var tracer = new Tracer();
        for (var i = 0; i < 1500; i++)
        {
            using var span = tracer.Span("span-with-a-long-operation-name-" + i);
            for (var a = 0; a < 5; a++) span.SetAttribute("attribute." + a, "value " + i);
        }

        using var stream = new MemoryStream();
        Assert.True(await tracer.WriteJaegerAsync(stream));
        Assert.True(stream.Length > 2 * 64 * 1024);
        Assert.True(JsonNode.DeepEquals(tracer.ExportJaeger(), JsonNode.Parse(stream.ToArray())));

        var traceId = tracer.GetAllSpans()[7].TraceId;
        using var one = new MemoryStream();
        Assert.True(await tracer.WriteJaegerAsync(one, traceId));
        Assert.True(JsonNode.DeepEquals(tracer.ExportJaeger(traceId), JsonNode.Parse(one.ToArray())));
    }

    [Fact]
    public async Task The_async_export_contains_a_failing_stream_and_honours_cancellation()
    {
        var monitor = new AgentMonitor(serviceName: "failing-async");
        monitor.Tracer.Span("x").Dispose();
        Assert.False(await monitor.Tracer.WriteJaegerAsync(new FailingStream()));
        Assert.Equal(1, monitor.GetStatistics().ExportErrors);

        using var canceled = new CancellationTokenSource();
        await canceled.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => monitor.Tracer.WriteJaegerAsync(new MemoryStream(), canceled.Token));
    }

    [Fact]
    public void A_failing_stream_is_contained_and_counted()
    {
        var monitor = new AgentMonitor(serviceName: "failing");
        monitor.Tracer.Span("x").Dispose();
        Assert.False(monitor.Tracer.WriteJaeger(new FailingStream()));
        Assert.Equal(1, monitor.GetStatistics().ExportErrors);
    }

    [Fact]
    public void Named_traces_and_sampled_out_spans_are_exported_as_expected()
    {
        var tracer = new Tracer();
        var traceId = tracer.StartTrace("user_registration");
        using (tracer.Span("validate_input"))
        {
        }

        var tags = ReadTags(tracer.ExportJaeger(traceId)["data"]![0]!["spans"]![0]!["tags"]!.AsArray());
        Assert.Equal(("string", (object?)"user_registration"), tags["trace.name"]);

        var sampledOut = new Tracer(new TracingOptions { SamplingRatio = 0 });
        using (var span = sampledOut.Span("dropped"))
        {
            Assert.Empty(sampledOut.ExportJaeger(span.TraceId)["data"]!.AsArray());
        }
    }

    [Fact]
    public void A_run_under_a_fake_clock_and_an_id_seed_is_reproducible_byte_for_byte()
    {
        Assert.Equal(Run(), Run());

        static byte[] Run()
        {
            var fake = new FakeTimeProvider(Epoch);
            var monitor = new AgentMonitor(new MonitorOptions { ServiceName = "golden", TimeProvider = fake, IdSeed = 42 });
            var tracer = monitor.Tracer;
            tracer.StartTrace("pipeline");
            using (var root = tracer.Span("load"))
            {
                root.SetAttribute("rows", 1200);
                fake.Advance(TimeSpan.FromMilliseconds(3));
                using (var child = tracer.Span("parse"))
                {
                    child.AddEvent("chunk", new Dictionary<string, object?> { ["size"] = 4096 });
                    fake.Advance(TimeSpan.FromMilliseconds(7));
                }
            }

            using var stream = new MemoryStream();
            tracer.WriteJaeger(stream);
            return stream.ToArray();
        }
    }

    private static (AgentMonitor Monitor, string TraceId) BuildTrace()
    {
        var fake = new FakeTimeProvider(Epoch);
        var monitor = new AgentMonitor(new MonitorOptions { ServiceName = "api_service", TimeProvider = fake });
        var tracer = monitor.Tracer;
        var other = tracer.StartSpan("other-trace");
        other.Finish();

        string traceId;
        using (var parent = tracer.Span("handle_request", new Dictionary<string, object?> { ["path"] = "/api/users" }))
        {
            traceId = parent.TraceId;
            fake.Advance(TimeSpan.FromMilliseconds(1.5));
            using (var auth = tracer.Span("authenticate"))
            {
                auth.SetAttribute("user_id", "123").SetAttribute("attempt", 1).SetAttribute("cached", true).SetAttribute("score", 0.75)
                    .SetAttribute("roles", new[] { "admin", "dev" });
                fake.Advance(TimeSpan.FromMilliseconds(2.25));
            }

            using (var fetch = tracer.StartGenerated("fetch_data", fake.GetTimestamp(), SpanKind.Client))
            {
                fetch.AddLink(other.Context);
                fetch.AddEvent("query_sent", new Dictionary<string, object?> { ["rows"] = 10L, ["table"] = "users" });
                fake.Advance(TimeSpan.FromMilliseconds(4));
                fetch.RecordException(new TimeoutException("database timeout"));
                fetch.EndAt(SpanStatus.Error, fake.GetTimestamp());
            }

            fake.Advance(TimeSpan.FromMilliseconds(1));
        }

        return (monitor, traceId);
    }

    private static Dictionary<string, (string Type, object? Value)> ReadTags(JsonArray tags)
    {
        var result = new Dictionary<string, (string, object?)>(StringComparer.Ordinal);
        foreach (var tag in tags)
        {
            var type = (string)tag!["type"]!;
            var value = tag["value"]!;
            object? read = type switch
            {
                "string" => (string?)value,
                "bool" => (bool)value,
                "int64" => (long)value,
                "float64" => (double)value,
                _ => value.ToJsonString(),
            };
            result.Add((string)tag["key"]!, (type, read));
        }

        return result;
    }

    private static (string, object?) ExpectedTag(object? value) => value switch
    {
        string s => ("string", s),
        bool b => ("bool", b),
        long l => ("int64", l),
        double d => ("float64", d),
        string[] a => ("string", JsonSerializer.Serialize(a)),
        _ => throw new InvalidOperationException("unexpected attribute type " + value?.GetType()),
    };

    private static void AssertValid(JsonNode document)
    {
        var result = Schema.Value.Evaluate(document, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (result.IsValid) return;
        var errors = new StringBuilder();
        foreach (var detail in result.Details)
        {
            if (detail.Errors is null) continue;
            foreach (var (keyword, message) in detail.Errors) errors.AppendLine($"{detail.InstanceLocation} {keyword}: {message}");
        }

        Assert.Fail("The export does not match the Jaeger schema:\n" + errors);
    }

    private sealed class FailingStream : Stream
    {
        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => 0; set => throw new NotSupportedException(); }

        public override void Flush() => throw new IOException("disk full");

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new IOException("disk full");
    }
}
