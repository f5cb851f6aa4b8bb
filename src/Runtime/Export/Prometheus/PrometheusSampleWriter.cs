using System.Buffers;
using System.Text;
using NumAgents.Instrumentation.Metrics.Exemplars;
using NumAgents.Instrumentation.Metrics.Views;

namespace NumAgents.Instrumentation.Export.Prometheus;

/// <summary>
/// Writes the lines both expositions share into a buffer: <c>name{labels,extra} value</c>, optionally
/// followed by an OpenMetrics exemplar, each line reserved whole and written without intermediate strings.
/// </summary>
internal static class PrometheusSampleWriter
{
    // "name{" + "," + "}" + " " + value + "\n", with room to spare.
    private const int LineOverhead = PrometheusNumbers.MaxLength + 8;

    // " # {trace_id=\"32 hex\",span_id=\"16 hex\"} value timestamp".
    private const int SpanExemplarLength = 90 + (2 * PrometheusNumbers.MaxLength);

    /// <summary>The label block of a series, rendered on its first scrape and kept in its exporter slot.</summary>
    public static byte[] LabelsOf(MetricSeriesView series)
    {
        ref var state = ref series.ExporterState;
        if (Volatile.Read(ref state) is byte[] rendered) return rendered;
        rendered = PrometheusEscaping.RenderLabelPairs(series.Labels);
        Volatile.Write(ref state, rendered);
        return rendered;
    }

    /// <summary>One sample line: <c>name suffix{labels,extraLabel} value</c>.</summary>
    public static void WriteSample(IBufferWriter<byte> output, ReadOnlySpan<byte> name, ReadOnlySpan<byte> suffix, ReadOnlySpan<byte> labels, ReadOnlySpan<byte> extraLabel, double value)
    {
        var span = output.GetSpan(name.Length + suffix.Length + labels.Length + extraLabel.Length + LineOverhead);
        var position = WriteSeries(span, name, suffix, labels, extraLabel);
        PrometheusNumbers.TryFormat(value, span[position..], out var written);
        position += written;
        span[position++] = (byte)'\n';
        output.Advance(position);
    }

    /// <summary>One OpenMetrics sample line with a timestamp-like value (<c>_created</c>).</summary>
    public static void WriteTimestampSample(IBufferWriter<byte> output, ReadOnlySpan<byte> name, ReadOnlySpan<byte> suffix, ReadOnlySpan<byte> labels, long utcTicks)
    {
        var span = output.GetSpan(name.Length + suffix.Length + labels.Length + LineOverhead);
        var position = WriteSeries(span, name, suffix, labels, default);
        PrometheusNumbers.TryFormatTimestamp(utcTicks, span[position..], out var written);
        position += written;
        span[position++] = (byte)'\n';
        output.Advance(position);
    }

    /// <summary>One OpenMetrics sample line that carries <paramref name="exemplar"/> when it is present.</summary>
    public static void WriteSample(IBufferWriter<byte> output, ReadOnlySpan<byte> name, ReadOnlySpan<byte> suffix, ReadOnlySpan<byte> labels, ReadOnlySpan<byte> extraLabel, double value, in Exemplar exemplar, double scale)
    {
        if (!exemplar.IsPresent)
        {
            WriteSample(output, name, suffix, labels, extraLabel, value);
            return;
        }

        byte[] exemplarLabels = exemplar.HasSpan ? [] : PrometheusEscaping.RenderLabelPairs(LabelPairs(exemplar.Labels));
        var span = output.GetSpan(name.Length + suffix.Length + labels.Length + extraLabel.Length + LineOverhead + SpanExemplarLength + exemplarLabels.Length);
        var position = WriteSeries(span, name, suffix, labels, extraLabel);
        PrometheusNumbers.TryFormat(value, span[position..], out var written);
        position += written;
        " # {"u8.CopyTo(span[position..]);
        position += 4;
        if (exemplar.HasSpan)
        {
            position += WriteSpanLabels(span[position..], exemplar);
        }
        else
        {
            exemplarLabels.CopyTo(span[position..]);
            position += exemplarLabels.Length;
        }

        "} "u8.CopyTo(span[position..]);
        position += 2;
        PrometheusNumbers.TryFormat(exemplar.Value * scale, span[position..], out written);
        position += written;
        span[position++] = (byte)' ';
        PrometheusNumbers.TryFormatTimestamp(exemplar.UtcTicks, span[position..], out written);
        position += written;
        span[position++] = (byte)'\n';
        output.Advance(position);
    }

    public static void Append(IBufferWriter<byte> output, ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(output.GetSpan(bytes.Length));
        output.Advance(bytes.Length);
    }

    public static void AppendString(IBufferWriter<byte> output, string text)
    {
        var span = output.GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length));
        output.Advance(Encoding.UTF8.GetBytes(text, span));
    }

    /// <summary><c>name suffix{labels,extraLabel} </c>; returns the bytes written.</summary>
    private static int WriteSeries(Span<byte> span, ReadOnlySpan<byte> name, ReadOnlySpan<byte> suffix, ReadOnlySpan<byte> labels, ReadOnlySpan<byte> extraLabel)
    {
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
        return position;
    }

    /// <summary><c>trace_id="...",span_id="..."</c> in lowercase hex, as W3C Trace Context writes the ids.</summary>
    private static int WriteSpanLabels(Span<byte> span, in Exemplar exemplar)
    {
        var position = 0;
        "trace_id=\""u8.CopyTo(span);
        position += 10;
        exemplar.TraceIdHigh.TryFormat(span[position..], out var written, "x16");
        position += written;
        exemplar.TraceIdLow.TryFormat(span[position..], out written, "x16");
        position += written;
        "\",span_id=\""u8.CopyTo(span[position..]);
        position += 11;
        exemplar.SpanId.TryFormat(span[position..], out written, "x16");
        position += written;
        span[position++] = (byte)'"';
        return position;
    }

    private static (string Key, string Value)[] LabelPairs(in Labels labels)
    {
        var pairs = new (string Key, string Value)[labels.Count];
        for (var i = 0; i < pairs.Length; i++)
        {
            pairs[i] = labels[i];
        }

        return pairs;
    }
}
