using System.Text.Json;
using System.Text.Json.Serialization;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Time.Testing;

namespace NumAgents.Instrumentation.Benchmarks.Tracing;

/// <summary>
/// Export 1,000 finished spans with 5 attributes each in the Jaeger format (issue 3: at most 0.5x
/// <see cref="JsonSerializer"/> writing an equivalent object graph). Both write to <see cref="Stream.Null"/>.
/// </summary>
[MemoryDiagnoser]
public class JaegerExportBenchmarks
{
    private static readonly JsonSerializerOptions SerializerOptions = new() { DefaultIgnoreCondition = JsonIgnoreCondition.Never };
    private Tracer _tracer = null!;
    private JaegerDocument _graph = null!;

    [GlobalSetup]
    public void Setup()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2025, 1, 21, 10, 30, 0, TimeSpan.Zero));
        _tracer = new Tracer(new TracingOptions { ServiceName = "bench", TimeProvider = clock, MaxRetainedSpans = 1000 });
        for (var trace = 0; trace < 100; trace++)
        {
            using var root = _tracer.Span("request");
            AddAttributes(root, trace);
            for (var child = 0; child < 9; child++)
            {
                using var span = _tracer.Span("step-" + child);
                AddAttributes(span, child);
                clock.Advance(TimeSpan.FromMilliseconds(1.25));
            }
        }

        _graph = JaegerDocument.From(_tracer);
    }

    [Benchmark(Baseline = true)]
    public void JsonSerializer_object_graph() => JsonSerializer.Serialize(Stream.Null, _graph, SerializerOptions);

    [Benchmark]
    public bool NumAgents_WriteJaeger() => _tracer.WriteJaeger(Stream.Null);

    [Benchmark]
    public object NumAgents_ExportJaeger_JsonObject() => _tracer.ExportJaeger();

    private static void AddAttributes(Span span, int i)
    {
        span.SetAttribute("http.method", "GET");
        span.SetAttribute("http.route", "/api/users/{id}");
        span.SetAttribute("http.status_code", 200L + i);
        span.SetAttribute("cache.hit", (i & 1) == 0);
        span.SetAttribute("db.rows", 0.5 * i);
    }

    public sealed record JaegerDocument(List<JaegerTrace> data, int total, int limit, int offset, object? errors)
    {
        public static JaegerDocument From(Tracer tracer)
        {
            var traces = new List<JaegerTrace>();
            foreach (var group in tracer.GetAllSpans().GroupBy(s => s.TraceId))
            {
                var spans = group.Select(s => new JaegerSpan(
                    s.TraceId,
                    s.SpanId,
                    1,
                    s.Name,
                    s.ParentSpanId is null ? [] : [new JaegerReference("CHILD_OF", s.TraceId, s.ParentSpanId)],
                    (s.StartTime - DateTimeOffset.UnixEpoch).Ticks / 10,
                    (long)(s.DurationMs!.Value * 1000),
                    [.. s.Attributes.Select(a => new JaegerTag(a.Key, a.Value switch { string => "string", bool => "bool", long => "int64", _ => "float64" }, a.Value)), new JaegerTag("otel.status_code", "string", "OK")],
                    [],
                    "p1",
                    null)).ToList();
                traces.Add(new JaegerTrace(group.Key, spans, new Dictionary<string, JaegerProcess> { ["p1"] = new("bench", [new("telemetry.sdk.name", "string", "NumAgents.Instrumentation"), new("telemetry.sdk.language", "string", "dotnet")]) }, null));
            }

            return new JaegerDocument(traces, traces.Count, 0, 0, null);
        }
    }

    public sealed record JaegerTrace(string traceID, List<JaegerSpan> spans, Dictionary<string, JaegerProcess> processes, List<string>? warnings);

    public sealed record JaegerSpan(string traceID, string spanID, int flags, string operationName, List<JaegerReference> references, long startTime, long duration, List<JaegerTag> tags, List<JaegerLog> logs, string processID, List<string>? warnings);

    public sealed record JaegerReference(string refType, string traceID, string spanID);

    public sealed record JaegerTag(string key, string type, object? value);

    public sealed record JaegerLog(long timestamp, List<JaegerTag> fields);

    public sealed record JaegerProcess(string serviceName, List<JaegerTag> tags);
}
