using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using CsCheck;

namespace NumAgents.Instrumentation.Tests.Reliability;

/// <summary>
/// Property-based checks of tracing under hostile input: the Jaeger export is always valid against the
/// Jaeger UI schema and carries every retained span; W3C header parsing never throws, whatever the text.
/// </summary>
public sealed class HostileTracingTests
{
    private static readonly Gen<object?> AttributeValue = Gen.Frequency(
        (4, HostileGen.String.Select(s => (object?)s)),
        (1, Gen.Bool.Select(b => (object?)b)),
        (2, Gen.Long.Select(l => (object?)l)),
        (3, HostileGen.Number.Select(d => (object?)d)),
        (1, HostileGen.String.Array[0, 3].Select(a => (object?)a)),
        (1, HostileGen.Number.Array[0, 3].Select(a => (object?)a)),
        (1, Gen.Long.Array[0, 3].Select(a => (object?)a)),
        (1, Gen.Bool.Array[0, 3].Select(a => (object?)a)),
        (1, Gen.Const(() => (object?)null)));

    private static readonly Gen<(string Key, object? Value)[]> Attributes = Gen.Select(HostileGen.String, AttributeValue).Array[0, 4];

    private static readonly Gen<SpanSpec> Span = Gen.Select(
        HostileGen.String,
        Attributes,
        Gen.Select(HostileGen.String, Attributes).Array[0, 2],
        Gen.Int[0, 2],
        HostileGen.String,
        Gen.Int[0, 2],
        (name, attributes, events, status, error, depth) => new SpanSpec(name, attributes, events, (SpanStatus)status, error, depth));

    /// <summary>Any text: any UTF-16, raw bytes read as Latin-1, and valid headers with one character changed, cut or extended.</summary>
    private static readonly Gen<string> HeaderText = Gen.Frequency(
        (2, HostileGen.String),
        (2, Gen.Byte.Array[0, 80].Select(bytes => Encoding.Latin1.GetString(bytes))),
        (5, Gen.Select(Gen.ULong, Gen.ULong, Gen.ULong, Gen.Byte, Gen.Int[-1, 70], Gen.Char, Gen.Int[0, 3], Mutate)));

    [Fact]
    public void The_Jaeger_export_is_always_valid_and_carries_every_retained_span()
    {
        Gen.Select(HostileGen.String, Span.Array[1, 6]).Sample((service, specs) =>
        {
            MonitorOptions options;
            try
            {
                options = new MonitorOptions { ServiceName = service }.Validated();
            }
            catch (ArgumentException rejected)
            {
                Assert.True(string.IsNullOrWhiteSpace(service), $"service name {Show(service)} rejected: {rejected.Message}");
                options = new MonitorOptions();
            }

            var tracer = new Tracer(options.ToTracingOptions());
            foreach (var spec in specs) spec.Run(tracer);

            var retained = tracer.GetAllSpans();
            var export = tracer.ExportJaeger();
            JaegerSchema.AssertValid(export);
            Assert.Equal(0, tracer.ExportErrors);
            var exported = export["data"]!.AsArray().SelectMany(t => t!["spans"]!.AsArray()).ToList();
            Assert.Equal(retained.Count, exported.Count);
            var names = exported.ToDictionary(s => (string)s!["spanID"]!, s => (string)s!["operationName"]!);
            Assert.All(retained, span => Assert.Equal(Utf8View(span.Name), names[span.SpanId]));
            Assert.All(export["data"]!.AsArray(), trace => Assert.Equal(Utf8View(options.ServiceName), (string?)trace!["processes"]!["p1"]!["serviceName"]));

            using var stream = new MemoryStream();
            Assert.True(tracer.WriteJaeger(stream));
            Assert.True(JsonNode.DeepEquals(export, JsonNode.Parse(stream.ToArray())));
        }, iter: 150, print: t => $"service {Show(t.Item1)}\n{string.Join("\n", t.Item2.Select(s => s.ToString()))}");
    }

    [Fact]
    public void W3C_header_parsing_never_throws_and_what_it_accepts_round_trips()
    {
        Gen.Select(HeaderText, HeaderText).Sample((traceParent, traceState) =>
        {
            var parsed = TraceContextPropagator.TryParse(traceParent, traceState, out var context);
            Assert.Equal(parsed, context.IsValid);
            if (parsed)
            {
                Assert.True(context.IsRemote);
                Assert.True(TraceContextPropagator.TryParse(context.ToTraceParent(), context.TraceState, out var again));
                Assert.Equal((context.TraceId, context.SpanId, context.IsSampled, context.TraceState), (again.TraceId, again.SpanId, again.IsSampled, again.TraceState));
                Assert.Equal(context.TraceId, traceParent.Trim(' ', '\t').Substring(3, 32));
            }

            var fromDictionary = TraceContextPropagator.Extract(new Dictionary<string, string> { ["TraceParent"] = traceParent, ["tracestate"] = traceState });
            Assert.Equal(context, fromDictionary);

            using var request = new HttpRequestMessage();
            request.Headers.TryAddWithoutValidation("traceparent", traceParent);
            request.Headers.TryAddWithoutValidation("tracestate", traceState);
            var fromHttp = TraceContextPropagator.Extract(request.Headers);
            Assert.True(!fromHttp.IsValid || fromHttp.TraceId == context.TraceId, "HttpHeaders gave another trace id");

            // Continuing whatever was extracted never throws either.
            var tracer = new Tracer();
            using (tracer.Span("server", fromDictionary))
            {
            }

            // A sampled-out remote parent's child records nothing; anything else is one span (a new trace when invalid).
            Assert.Equal(fromDictionary.IsValid && !fromDictionary.IsSampled ? 0 : 1, tracer.GetAllSpans().Count);
        }, iter: 3_000, print: t => $"traceparent {Show(t.Item1)}, tracestate {Show(t.Item2)}");
    }

    private static string Mutate(ulong high, ulong low, ulong spanId, byte flags, int position, char replacement, int how)
    {
        var valid = $"00-{high:x16}{low:x16}-{spanId:x16}-{flags:x2}";
        if (position < 0 || position >= valid.Length) return how == 0 ? valid : valid + "-" + replacement;
        return how switch
        {
            0 => valid[..position] + replacement + valid[(position + 1)..],
            1 => valid[..position],
            2 => valid.Insert(position, replacement.ToString()),
            _ => valid.ToUpperInvariant(),
        };
    }

    /// <summary>How a string reads back from UTF-8 JSON: a lone surrogate becomes U+FFFD.</summary>
    private static string Utf8View(string text) => Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(text));

    private static string Show(string text) => System.Text.Json.JsonSerializer.Serialize(text.Length > 60 ? text[..30] + $"...({text.Length.ToString(CultureInfo.InvariantCulture)} chars)" : text);

    /// <summary>One span to record: nested <see cref="Depth"/> levels under parents named like it.</summary>
    private sealed record SpanSpec(string Name, (string Key, object? Value)[] Attributes, (string Name, (string Key, object? Value)[] Attributes)[] Events, SpanStatus Status, string Error, int Depth)
    {
        public void Run(Tracer tracer) => Run(tracer, Depth);

        public override string ToString()
            => $"span {Show(Name)} depth {Depth} status {Status} error {Show(Error)} attributes [{string.Join(", ", Attributes.Select(a => Show(a.Key) + "=" + a.Value))}] events {Events.Length}";

        private void Run(Tracer tracer, int depth)
        {
            Span span;
            try
            {
                span = tracer.Span(Name);
            }
            catch (ArgumentException rejected)
            {
                Assert.True(string.IsNullOrEmpty(Name), $"span name {Show(Name)} rejected: {rejected.Message}");
                return;
            }

            using (span)
            {
                foreach (var (key, value) in Attributes) Attempt(() => span.SetAttribute(key, value), key);
                foreach (var (name, attributes) in Events)
                {
                    var dictionary = new Dictionary<string, object?>(StringComparer.Ordinal);
                    foreach (var (key, value) in attributes) dictionary[key] = value;
                    Attempt(() => span.AddEvent(name, dictionary), name, attributes.Select(a => a.Key).ToArray());
                }

                if (depth > 0) Run(tracer, depth - 1);
                if (Status != SpanStatus.Unset) span.Finish(Status, Status == SpanStatus.Error ? Error : null);
            }
        }

        private void Attempt(Action action, string name, params string[] keys)
        {
            try
            {
                action();
            }
            catch (ArgumentException rejected)
            {
                // Only an empty name or key is invalid, and the message says which span it was.
                Assert.True(string.IsNullOrEmpty(name) || keys.Any(string.IsNullOrEmpty), $"{Show(name)} rejected: {rejected.Message}");
                Assert.Contains(Name, rejected.Message, StringComparison.Ordinal);
            }
        }
    }
}
