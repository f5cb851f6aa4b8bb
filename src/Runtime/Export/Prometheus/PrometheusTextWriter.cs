using System.Buffers;
using System.Text;
using NumAgents.Instrumentation.Metrics;

namespace NumAgents.Instrumentation.Export.Prometheus;

/// <summary>
/// Writes metric families in the Prometheus text exposition format 0.0.4. Names, label blocks and
/// bucket bounds are rendered to UTF-8 once, when a series is created; a scrape copies bytes and
/// formats numbers.
/// </summary>
internal static class PrometheusTextWriter
{
    private const int NumberSpace = 32;

    public static void Write(ReadOnlySpan<MetricFamily> families, IBufferWriter<byte> output)
    {
        Span<long> cumulative = stackalloc long[64];
        foreach (var family in families)
        {
            var series = family.OrderedSeries;
            if (series.IsEmpty) continue;

            WriteHeader(family, output);
            foreach (var handle in series)
            {
                switch (handle)
                {
                    case CounterHandle counter:
                        WriteSample(output, family.PrometheusNameUtf8, default, handle.LabelSet.PrometheusUtf8, default, counter.Value);
                        break;
                    case GaugeHandle gauge:
                        // An observed gauge whose callback failed is left out (the failure is counted).
                        if (gauge.TryRead(out var value)) WriteSample(output, family.PrometheusNameUtf8, default, handle.LabelSet.PrometheusUtf8, default, value);
                        break;
                    case HistogramHandle histogram:
                        WriteHistogram(output, family, histogram, cumulative);
                        break;
                }
            }
        }
    }

    private static void WriteHeader(MetricFamily family, IBufferWriter<byte> output)
    {
        var help = PrometheusNaming.EscapeHelp(family.Description ?? family.Name);
        var type = family.Type switch
        {
            MetricType.Counter => "counter",
            MetricType.Gauge => "gauge",
            _ => "histogram",
        };

        Append(output, "# HELP "u8);
        Append(output, family.PrometheusNameUtf8);
        Append(output, " "u8);
        AppendString(output, help);
        Append(output, "\n# TYPE "u8);
        Append(output, family.PrometheusNameUtf8);
        Append(output, " "u8);
        AppendString(output, type);
        Append(output, "\n"u8);
    }

    private static void WriteHistogram(IBufferWriter<byte> output, MetricFamily family, HistogramHandle histogram, Span<long> scratch)
    {
        var bucketLabels = family.BucketLabelsUtf8;
        var cumulative = bucketLabels.Length <= scratch.Length ? scratch[..bucketLabels.Length] : new long[bucketLabels.Length];
        histogram.CopyBuckets(cumulative, out var count, out var sum);
        var labels = histogram.LabelSet.PrometheusUtf8;
        for (var i = 0; i < bucketLabels.Length; i++)
        {
            WriteSample(output, family.PrometheusNameUtf8, "_bucket"u8, labels, bucketLabels[i], cumulative[i]);
        }

        WriteSample(output, family.PrometheusNameUtf8, "_sum"u8, labels, default, sum);
        WriteSample(output, family.PrometheusNameUtf8, "_count"u8, labels, default, count);
    }

    /// <summary>One line: <c>name{labels,extra} value</c>, reserving the whole line at once.</summary>
    private static void WriteSample(IBufferWriter<byte> output, ReadOnlySpan<byte> name, ReadOnlySpan<byte> suffix, ReadOnlySpan<byte> labels, ReadOnlySpan<byte> extraLabel, double value)
    {
        var length = name.Length + suffix.Length + labels.Length + extraLabel.Length + NumberSpace + 4;
        var span = output.GetSpan(length);
        var position = 0;
        name.CopyTo(span);
        position += name.Length;
        suffix.CopyTo(span[position..]);
        position += suffix.Length;
        if (labels.Length > 0 || extraLabel.Length > 0)
        {
            span[position++] = (byte)'{';
            labels.CopyTo(span[position..]);
            position += labels.Length;
            if (labels.Length > 0 && extraLabel.Length > 0) span[position++] = (byte)',';
            extraLabel.CopyTo(span[position..]);
            position += extraLabel.Length;
            span[position++] = (byte)'}';
        }

        span[position++] = (byte)' ';
        PrometheusNaming.TryFormatDouble(value, span[position..], out var written);
        position += written;
        span[position++] = (byte)'\n';
        output.Advance(position);
    }

    private static void Append(IBufferWriter<byte> output, ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(output.GetSpan(bytes.Length));
        output.Advance(bytes.Length);
    }

    private static void AppendString(IBufferWriter<byte> output, string text)
    {
        var span = output.GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length));
        output.Advance(Encoding.UTF8.GetBytes(text, span));
    }
}
