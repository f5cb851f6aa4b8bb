using System.Diagnostics;
using System.Text.RegularExpressions;
using NumAgents.Instrumentation.Metrics.Exemplars;
using NumAgents.Instrumentation.Tests.Infrastructure;

namespace NumAgents.Instrumentation.Tests.Metrics;

/// <summary>Exemplars link a counter or a histogram bucket to the sampled span an observation was recorded in (issue 15).</summary>
public sealed partial class ExemplarTests
{
    private static readonly PrometheusExportOptions OpenMetrics = new() { Format = PrometheusFormat.OpenMetrics };

    private static AgentMonitor NewMonitor(double samplingRatio = 1, bool tracing = true)
        => new(new MonitorOptions { EnableLogging = false, SamplingRatio = samplingRatio, EnableTracing = tracing });

    [Fact]
    public void Counters_and_histogram_buckets_keep_the_sampled_span_they_were_recorded_in_and_only_OpenMetrics_shows_them()
    {
        using var monitor = NewMonitor();
        var latency = monitor.Metrics.GetHistogram("latency", buckets: [10, 100]);
        string traceId, spanId;
        using (var span = monitor.Tracer.Span("request"))
        {
            (traceId, spanId) = (span.TraceId, span.SpanId);
            monitor.Metrics.Counter("requests", 2);
            latency.Record(42);
        }

        var text = monitor.Metrics.ExportPrometheus(OpenMetrics);

        Assert.Contains($"requests_total 2 # {{trace_id=\"{traceId}\",span_id=\"{spanId}\"}} 2 ", text, StringComparison.Ordinal);
        Assert.Contains($"latency_bucket{{le=\"100\"}} 1 # {{trace_id=\"{traceId}\",span_id=\"{spanId}\"}} 42 ", text, StringComparison.Ordinal);
        Assert.Contains("latency_bucket{le=\"10\"} 0\n", text, StringComparison.Ordinal);
        Assert.Contains("latency_bucket{le=\"+Inf\"} 1\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain(" # {", monitor.Metrics.ExportPrometheus(), StringComparison.Ordinal);
    }

    [Fact]
    public void Timer_exemplars_are_in_the_exported_unit()
    {
        using var monitor = NewMonitor();
        var timer = monitor.Metrics.GetTimer("step", buckets: [100]);
        using (monitor.Tracer.Span("request"))
        {
            timer.Record(50);
        }

        Assert.Matches(@"step_seconds_bucket\{le=""0\.1""\} 1 # \{trace_id=""[0-9a-f]{32}"",span_id=""[0-9a-f]{16}""\} 0\.05 \d+", monitor.Metrics.ExportPrometheus(OpenMetrics));
        Assert.Matches(@"step_bucket\{le=""100""\} 1 # \{trace_id=""[0-9a-f]{32}"",span_id=""[0-9a-f]{16}""\} 50 \d+", monitor.Metrics.ExportPrometheus(OpenMetrics with { Naming = PrometheusNaming.Legacy }));
    }

    [Fact]
    public void Nothing_is_kept_without_a_sampled_span()
    {
        using var sampledOut = NewMonitor(samplingRatio: 0);
        using var untraced = NewMonitor(tracing: false);
        using var idle = NewMonitor();
        foreach (var monitor in new[] { sampledOut, untraced, idle })
        {
            if (monitor != idle)
            {
                using var span = monitor.Tracer.Span("request");
                monitor.Metrics.Counter("requests");
                monitor.Metrics.Histogram("latency", 3);
            }
            else
            {
                monitor.Metrics.Counter("requests");
                monitor.Metrics.Histogram("latency", 3);
            }

            Assert.DoesNotContain(" # {", monitor.Metrics.ExportPrometheus(OpenMetrics), StringComparison.Ordinal);
        }

        // A collector of its own has no tracer to ask.
        var alone = new MetricsCollector();
        alone.Counter("requests");
        Assert.DoesNotContain(" # {", alone.ExportPrometheus(OpenMetrics), StringComparison.Ordinal);
    }

    [Fact]
    public void Each_bucket_keeps_one_exemplar_per_OpenMetrics_scrape()
    {
        using var monitor = NewMonitor();
        var latency = monitor.Metrics.GetHistogram("latency", buckets: [10]);
        var first = RecordInSpan(monitor, latency, 5);
        var second = RecordInSpan(monitor, latency, 6);
        var otherBucket = RecordInSpan(monitor, latency, 50);

        // A text scrape shows no exemplars and does not end the window.
        _ = monitor.Metrics.ExportPrometheus();
        var scrape = monitor.Metrics.ExportPrometheus(OpenMetrics);
        Assert.Equal(first, SpanOf(scrape, "latency_bucket{le=\"10\"}"));
        Assert.Equal(otherBucket, SpanOf(scrape, "latency_bucket{le=\"+Inf\"}"));
        Assert.NotEqual(second, first);

        // The next observation after a scrape is kept; the kept one is shown until then.
        Assert.Equal(first, SpanOf(monitor.Metrics.ExportPrometheus(OpenMetrics), "latency_bucket{le=\"10\"}"));
        var third = RecordInSpan(monitor, latency, 7);
        var fourth = RecordInSpan(monitor, latency, 8);
        var next = monitor.Metrics.ExportPrometheus(OpenMetrics);
        Assert.Equal(third, SpanOf(next, "latency_bucket{le=\"10\"}"));
        Assert.NotEqual(fourth, third);
        Assert.Equal(otherBucket, SpanOf(next, "latency_bucket{le=\"+Inf\"}"));
    }

    [Fact]
    public void A_bucket_first_recorded_outside_a_span_still_keeps_the_next_one_recorded_inside()
    {
        using var monitor = NewMonitor();
        var latency = monitor.Metrics.GetHistogram("latency", buckets: [10]);
        var requests = monitor.Metrics.GetCounter("requests");

        // Misses back off to one look every ExemplarSampler.MaxBackoff recordings, never further: the next
        // MaxBackoff + 1 recordings include a look.
        for (var i = 0; i < 100; i++)
        {
            latency.Record(1);
            requests.Increment();
        }

        string spanId;
        using (var span = monitor.Tracer.Span("request"))
        {
            spanId = span.SpanId;
            for (var i = 0; i <= ExemplarSampler.MaxBackoff; i++)
            {
                latency.Record(1);
                requests.Increment();
            }
        }

        var text = monitor.Metrics.ExportPrometheus(OpenMetrics);
        Assert.Equal(spanId, SpanOf(text, "latency_bucket{le=\"10\"}"));
        Assert.Equal(spanId, SpanOf(text, "requests_total"));
    }

    [Fact]
    public void Explicit_exemplars_carry_the_labels_given_and_the_latest_wins()
    {
        var metrics = new MetricsCollector();
        var payload = metrics.GetHistogram("payload.size", buckets: [100], unit: "By");
        var requests = metrics.GetCounter("requests");
        payload.Record(20, [("request_id", "r-1")]);
        payload.Record(30, [("request_id", "r-2"), ("tenant", "a\"b")]);
        requests.Add(2, [("trace_id", "0af7651916cd43dd8448eb211c80319c")]);

        var text = metrics.ExportPrometheus(OpenMetrics);

        Assert.Matches(@"payload_size_bytes_bucket\{le=""100""\} 2 # \{request_id=""r-2"",tenant=""a\\""b""\} 30 \d+", text);
        Assert.Matches(@"requests_total 2 # \{trace_id=""0af7651916cd43dd8448eb211c80319c""\} 2 \d+", text);
        Assert.Equal(2, payload.Count);
    }

    [Fact]
    public void Exemplar_labels_the_specification_forbids_are_rejected_and_nothing_is_recorded()
    {
        var metrics = new MetricsCollector();
        var payload = metrics.GetHistogram("payload");
        var requests = metrics.GetCounter("requests");

        // 128 code points in all is the limit; a surrogate pair is one code point.
        payload.Record(1, [("k", new string('x', 127))]);
        requests.Add(1, [("k", new string('x', 63) + string.Concat(Enumerable.Repeat("😀", 64)))]);

        var cases = new Action[]
        {
            () => payload.Record(2, [("k", new string('x', 128))]),
            () => requests.Add(2, [("key", new string('x', 126))]),
            () => payload.Record(2, [("k", "\uD800")]),
            () => requests.Add(2, [("k", "a\uDC00b")]),
            () => payload.Record(2, [("k", null!)]),
            () => requests.Add(2, [(" ", "v")]),
            () => payload.Record(2, [("a.b", "1"), ("a_b", "2")]),
        };
        foreach (var invalid in cases)
        {
            var rejected = Assert.Throws<ArgumentException>(invalid);
            Assert.Contains("exemplar", rejected.Message, StringComparison.Ordinal);
            Assert.Matches("'(payload|requests)'", rejected.Message);
        }

        Assert.Equal(1, payload.Count);
        Assert.Equal(1, requests.Value);
        OpenMetricsPeerCheck(metrics);
    }

    [Fact]
    public void Recording_allocates_nothing_with_a_sampled_span_even_when_it_takes_an_exemplar()
    {
        using var monitor = NewMonitor();
        var counter = monitor.Metrics.GetCounter("requests");
        var histogram = monitor.Metrics.GetHistogram("latency");
        using var span = monitor.Tracer.Span("request");

        // The first recordings of new series take their first exemplars: the slots came with the series.
        var first = Allocations.Measure(() =>
        {
            counter.Increment();
            histogram.Record(3);
        });
        var taking = Allocations.Measure(() =>
        {
            for (var i = 0; i < 1000; i++)
            {
                monitor.Metrics.StartNextExemplarWindow();
                counter.Add(1);
                histogram.Record(i);
            }
        });
        var steady = Allocations.Measure(() =>
        {
            for (var i = 0; i < 1000; i++)
            {
                counter.Add(1.5);
                histogram.Record(i);
            }
        });

        Assert.Equal((0, 0, 0), (first, taking, steady));
    }

    [Fact]
    public void The_seam_works_over_Activity_for_applications_traced_with_OpenTelemetry()
    {
        using var source = new ActivitySource("exemplar.test." + Guid.NewGuid().ToString("N"));
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == source.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(listener);
        var metrics = new MetricsCollector(new MetricsOptions { SampledSpans = new ActivitySampledSpans() });

        using (var activity = source.StartActivity("request")!)
        {
            metrics.Counter("requests");
            Assert.Contains($"# {{trace_id=\"{activity.TraceId.ToHexString()}\",span_id=\"{activity.SpanId.ToHexString()}\"}}", metrics.ExportPrometheus(OpenMetrics), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_span_source_that_throws_costs_the_exemplar_and_never_the_recording()
    {
        var metrics = new MetricsCollector(new MetricsOptions { SampledSpans = new ThrowingSpans() });
        metrics.Counter("requests");
        metrics.Histogram("latency", 3);

        Assert.Equal(1, metrics.GetCounterValue("requests"));
        Assert.Equal(1, metrics.GetHistogramStats("latency").Count);
        Assert.Equal(2, metrics.InstrumentationErrors);
        Assert.DoesNotContain(" # {", metrics.ExportPrometheus(OpenMetrics), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Concurrent_recording_and_scraping_never_exports_a_torn_exemplar()
    {
        using var monitor = NewMonitor();
        var counter = monitor.Metrics.GetCounter("requests");
        var histogram = monitor.Metrics.GetHistogram("latency", buckets: [10]);
        var pairs = new System.Collections.Concurrent.ConcurrentDictionary<(string, string), bool>();
        using var stop = new CancellationTokenSource();
        var recorders = Enumerable.Range(0, 3).Select(_ => Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                using var span = monitor.Tracer.Span("request");
                pairs[(span.TraceId, span.SpanId)] = true;
                counter.Increment();
                histogram.Record(5);
            }
        })).ToArray();

        Assert.True(SpinWait.SpinUntil(() => counter.Value > 1000, TimeSpan.FromSeconds(30)), "the recorders did not start");
        var seen = 0;
        for (var i = 0; i < 200; i++)
        {
            foreach (Match match in ExemplarIds().Matches(monitor.Metrics.ExportPrometheus(OpenMetrics)))
            {
                Assert.True(pairs.ContainsKey((match.Groups[1].Value, match.Groups[2].Value)), $"exemplar {match.Value} pairs a trace with a span of another");
                seen++;
            }
        }

        await stop.CancelAsync();
        await Task.WhenAll(recorders);
        Assert.True(seen > 0);
    }

    private static string RecordInSpan(AgentMonitor monitor, HistogramHandle histogram, double value)
    {
        using var span = monitor.Tracer.Span("request");
        histogram.Record(value);
        return span.SpanId;
    }

    private static string? SpanOf(string exposition, string sample)
    {
        var line = exposition.Split('\n').Single(l => l.StartsWith(sample + " ", StringComparison.Ordinal));
        var match = ExemplarIds().Match(line);
        return match.Success ? match.Groups[2].Value : null;
    }

    private static void OpenMetricsPeerCheck(MetricsCollector metrics)
    {
        var text = metrics.ExportPrometheus(OpenMetrics);
        Assert.Equal(2, text.Split('\n').Count(l => l.Contains(" # {", StringComparison.Ordinal)));
    }

    [GeneratedRegex("trace_id=\"([0-9a-f]{32})\",span_id=\"([0-9a-f]{16})\"")]
    private static partial Regex ExemplarIds();

    private sealed class ThrowingSpans : SampledSpanSource
    {
        public override bool TryGetSampledSpan(out ulong traceIdHigh, out ulong traceIdLow, out ulong spanId) => throw new InvalidOperationException("broken tracer");
    }
}
