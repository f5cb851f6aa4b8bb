using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.AI;

namespace NumAgents.Instrumentation.AI.Tests;

/// <summary>
/// The reference is Microsoft.Extensions.AI's own <c>OpenTelemetryChatClient</c>: for the same call, the
/// <c>gen_ai.*</c> attributes we record equal the ones it writes, and our histograms use the conventions'
/// bucket boundaries, which are the ones it advises.
/// </summary>
public sealed class SideBySideTests
{
    private static readonly string[] CoreAttributes =
    [
        GenAIConventions.OperationName,
        GenAIConventions.ProviderName,
        GenAIConventions.RequestModel,
        GenAIConventions.ResponseModel,
        GenAIConventions.UsageInputTokens,
        GenAIConventions.UsageOutputTokens,
    ];

    [Fact]
    public async Task For_the_same_call_our_chat_attributes_equal_those_of_OpenTelemetryChatClient()
    {
        var reference = await ReferenceChatTagsAsync();

        using var monitor = TestMonitors.Create(o => o.CollectedActivitySources = []);
        using var client = new ChatClientBuilder(new FakeChatClient()).UseNumAgentsInstrumentation(monitor).Build();
        Span node;
        using (node = monitor.Tracer.Span("node.answer"))
        {
            await client.GetResponseAsync("Status?", new ChatOptions { ModelId = FakeChatClient.Model });
        }

        var ours = Assert.Single(node.Events, e => e.Name == InstrumentedChatClient.CallEvent).Attributes;
        foreach (var key in CoreAttributes)
        {
            Assert.True(ours.ContainsKey(key), $"we record no {key}");
            Assert.True(reference.ContainsKey(key), $"OpenTelemetryChatClient records no {key}");
        }

        foreach (var (key, value) in ours.Where(a => a.Key.StartsWith("gen_ai.", StringComparison.Ordinal) && !a.Key.StartsWith(GenAIConventions.UsageCost, StringComparison.Ordinal)))
        {
            Assert.True(reference.TryGetValue(key, out var expected), $"{key} is not a tag OpenTelemetryChatClient writes");
            Assert.Equal(Normalize(expected), Normalize(value));
        }
    }

    [Fact]
    public async Task Our_token_and_duration_histograms_have_the_conventions_buckets_and_units_the_reference_advises()
    {
        var advised = new Dictionary<(string Meter, string Instrument), IReadOnlyList<double>>();
        var units = new Dictionary<(string Meter, string Instrument), string?>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, _) =>
            {
                if (instrument.Name is GenAIConventions.TokenUsageMetric or GenAIConventions.OperationDurationMetric)
                {
                    lock (advised)
                    {
                        advised[(instrument.Meter.Name, instrument.Name)] = Boundaries(instrument);
                        units[(instrument.Meter.Name, instrument.Name)] = instrument.Unit;
                    }
                }
            },
        };
        listener.Start();

        using var monitor = TestMonitors.Create();
        using var reference = new ChatClientBuilder(new FakeChatClient()).UseOpenTelemetry().Build();
        using var client = new ChatClientBuilder(new FakeChatClient()).UseNumAgentsInstrumentation(monitor).Build();
        await reference.GetResponseAsync("Status?");
        await client.GetResponseAsync("Status?");

        foreach (var name in new[] { GenAIConventions.TokenUsageMetric, GenAIConventions.OperationDurationMetric })
        {
            var referenceBuckets = advised.Single(a => a.Key.Meter != MetricsCollector.MeterName && a.Key.Instrument == name).Value;
            var ourBuckets = advised[(MetricsCollector.MeterName, name)];
            Assert.Equal(referenceBuckets, ourBuckets);
            Assert.Equal(units.Single(u => u.Key.Meter != MetricsCollector.MeterName && u.Key.Instrument == name).Value, units[(MetricsCollector.MeterName, name)]);
        }

        Assert.Equal(GenAIConventions.TokenUsageBuckets, advised[(MetricsCollector.MeterName, GenAIConventions.TokenUsageMetric)]);
        Assert.Equal(GenAIConventions.OperationDurationBuckets, advised[(MetricsCollector.MeterName, GenAIConventions.OperationDurationMetric)]);
    }

    private static IReadOnlyList<double> Boundaries(Instrument instrument) => instrument switch
    {
        Histogram<double> { Advice.HistogramBucketBoundaries: { } buckets } => [.. buckets],
        Histogram<int> { Advice.HistogramBucketBoundaries: { } buckets } => [.. buckets.Select(b => (double)b)],
        Histogram<long> { Advice.HistogramBucketBoundaries: { } buckets } => [.. buckets.Select(b => (double)b)],
        _ => [],
    };

    /// <summary>The tags of the <c>chat</c> activity <c>OpenTelemetryChatClient</c> makes for the call.</summary>
    private static async Task<IReadOnlyDictionary<string, object?>> ReferenceChatTagsAsync()
    {
        Activity? chat = null;
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Experimental.Microsoft.Extensions.AI",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity => chat = activity,
        };
        ActivitySource.AddActivityListener(listener);
        using var client = new ChatClientBuilder(new FakeChatClient()).UseOpenTelemetry().Build();
        await client.GetResponseAsync("Status?", new ChatOptions { ModelId = FakeChatClient.Model });
        Assert.NotNull(chat);
        return chat.TagObjects.ToDictionary(t => t.Key, t => t.Value, StringComparer.Ordinal);
    }

    private static object? Normalize(object? value) => value switch
    {
        int i => (long)i,
        _ => value,
    };
}
