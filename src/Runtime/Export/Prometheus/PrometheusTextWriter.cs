using System.Buffers;
using NumAgents.Instrumentation.Metrics.Views;
using static NumAgents.Instrumentation.Export.Prometheus.PrometheusSampleWriter;

namespace NumAgents.Instrumentation.Export.Prometheus;

/// <summary>
/// Writes one family in the text exposition format 0.0.4: <c># HELP</c>, <c># TYPE</c>, then a line per
/// counter or gauge series, or <c>_bucket</c> lines, <c>_sum</c> and <c>_count</c> per histogram series.
/// </summary>
internal static class PrometheusTextWriter
{
    public static void WriteFamily(MetricFamilyView family, bool conventional, IBufferWriter<byte> output, Span<long> scratch)
    {
        var series = family.Series;
        if (series.IsEmpty) return;

        var rendering = PrometheusFamilyRendering.For(family, conventional, openMetrics: false);
        Append(output, rendering.Header);
        var name = rendering.SampleName;
        for (var i = 0; i < series.Count; i++)
        {
            var one = series[i];
            switch (family.Type)
            {
                case MetricType.Counter:
                    WriteSample(output, name, default, LabelsOf(one), default, one.CounterValue);
                    break;
                case MetricType.Gauge:
                    // An observed gauge whose callback failed is left out (the failure is counted).
                    if (one.TryReadGauge(out var value)) WriteSample(output, name, default, LabelsOf(one), default, value);
                    break;
                default:
                    WriteHistogram(output, rendering, one, scratch);
                    break;
            }
        }
    }

    private static void WriteHistogram(IBufferWriter<byte> output, PrometheusFamilyRendering rendering, MetricSeriesView series, Span<long> scratch)
    {
        var bucketLabels = rendering.BucketLabels;
        var cumulative = bucketLabels.Length <= scratch.Length ? scratch[..bucketLabels.Length] : new long[bucketLabels.Length];
        series.ReadHistogram(cumulative, default, out var count, out var sum, out _);
        var labels = LabelsOf(series);
        var name = rendering.SampleName;
        for (var i = 0; i < bucketLabels.Length; i++)
        {
            WriteSample(output, name, "_bucket"u8, labels, bucketLabels[i], cumulative[i]);
        }

        WriteSample(output, name, "_sum"u8, labels, default, sum * rendering.Scale);
        WriteSample(output, name, "_count"u8, labels, default, count);
    }
}
