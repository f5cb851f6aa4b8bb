using System.Buffers;
using NumAgents.Instrumentation.Metrics.Exemplars;
using NumAgents.Instrumentation.Metrics.Views;
using static NumAgents.Instrumentation.Export.Prometheus.PrometheusSampleWriter;

namespace NumAgents.Instrumentation.Export.Prometheus;

/// <summary>
/// Writes one family in OpenMetrics 1.0.0: <c># TYPE</c>, <c># UNIT</c> (when the name carries a unit),
/// <c># HELP</c>; counters as <c>_total</c> and <c>_created</c>, gauges as themselves, histograms as
/// <c>_bucket</c> lines, <c>_count</c>, <c>_sum</c> and <c>_created</c>; exemplars on counter totals and
/// histogram buckets. The exposition ends with <c># EOF</c> (<see cref="PrometheusExposition"/>).
/// </summary>
/// <remarks>
/// OpenMetrics requires a histogram's sum to behave as a counter: a series with negative bucket bounds or
/// a negative observation writes neither <c>_sum</c> nor <c>_count</c> (the text format always writes both).
/// </remarks>
internal static class OpenMetricsWriter
{
    public static void WriteFamily(MetricFamilyView family, bool conventional, IBufferWriter<byte> output, Span<long> scratch)
    {
        var series = family.Series;
        if (series.IsEmpty) return;

        var rendering = PrometheusFamilyRendering.For(family, conventional, openMetrics: true);
        Append(output, rendering.Header);

        // One buffer per family for the buckets' exemplars (rented: a scrape allocates nothing per series).
        var exemplars = family.IsHistogram ? ArrayPool<Exemplar>.Shared.Rent(rendering.BucketLabels.Length) : null;
        try
        {
            WriteSeries(family, series, rendering, output, scratch, exemplars);
        }
        finally
        {
            if (exemplars is not null) ArrayPool<Exemplar>.Shared.Return(exemplars, clearArray: true);
        }
    }

    private static void WriteSeries(MetricFamilyView family, MetricSeriesList series, PrometheusFamilyRendering rendering, IBufferWriter<byte> output, Span<long> scratch, Exemplar[]? exemplars)
    {
        for (var i = 0; i < series.Count; i++)
        {
            var one = series[i];
            switch (family.Type)
            {
                case MetricType.Counter:
                    var labels = LabelsOf(one);
                    WriteSample(output, rendering.SampleName, default, labels, default, one.CounterValue, one.CounterExemplar, scale: 1);
                    WriteTimestampSample(output, rendering.FamilyName, "_created"u8, labels, one.CreatedUtcTicks);
                    break;
                case MetricType.Gauge:
                    if (one.TryReadGauge(out var value)) WriteSample(output, rendering.SampleName, default, LabelsOf(one), default, value);
                    break;
                default:
                    WriteHistogram(output, rendering, one, scratch, exemplars.AsSpan(0, rendering.BucketLabels.Length));
                    break;
            }
        }
    }

    private static void WriteHistogram(IBufferWriter<byte> output, PrometheusFamilyRendering rendering, MetricSeriesView series, Span<long> scratch, Span<Exemplar> exemplars)
    {
        var bucketLabels = rendering.BucketLabels;
        var cumulative = bucketLabels.Length <= scratch.Length ? scratch[..bucketLabels.Length] : new long[bucketLabels.Length];
        series.ReadHistogram(cumulative, exemplars, out var count, out var sum, out var min);
        var labels = LabelsOf(series);
        var name = rendering.SampleName;
        for (var i = 0; i < bucketLabels.Length; i++)
        {
            WriteSample(output, name, "_bucket"u8, labels, bucketLabels[i], cumulative[i], exemplars[i], rendering.Scale);
        }

        if (!rendering.HasNegativeBounds && (count == 0 || min >= 0))
        {
            WriteSample(output, name, "_count"u8, labels, default, count);
            WriteSample(output, name, "_sum"u8, labels, default, sum * rendering.Scale);
        }

        WriteTimestampSample(output, rendering.FamilyName, "_created"u8, labels, series.CreatedUtcTicks);
    }
}
