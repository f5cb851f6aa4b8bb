using System.Globalization;
using System.Text;
using NumAgents.Instrumentation;

namespace AgentFlow.Reporting;

/// <summary>
/// Renders one trace as an indented tree: each span with its duration, status, tokens and cost (the
/// <c>gen_ai.usage.*</c> attributes, summed up the tree), its other attributes and its events.
/// </summary>
public static class TraceTree
{
    public static string Render(IReadOnlyList<Span> spans)
    {
        var byId = spans.ToDictionary(s => s.SpanId, StringComparer.Ordinal);
        var children = spans
            .Where(s => s.ParentSpanId is not null && byId.ContainsKey(s.ParentSpanId))
            .GroupBy(s => s.ParentSpanId!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.OrderBy(s => s.StartTime).ToList(), StringComparer.Ordinal);
        var builder = new StringBuilder();
        foreach (var root in spans.Where(s => s.ParentSpanId is null || !byId.ContainsKey(s.ParentSpanId)).OrderBy(s => s.StartTime))
        {
            Write(builder, root, children, depth: 0, root.StartTime);
        }

        return builder.ToString();
    }

    private static void Write(StringBuilder builder, Span span, Dictionary<string, List<Span>> children, int depth, DateTimeOffset traceStart)
    {
        var indent = new string(' ', depth * 2);
        var offset = (span.StartTime - traceStart).TotalMilliseconds;
        var status = span.Status == SpanStatus.Error ? "  ERROR " + span.Error : string.Empty;
        var attributes = string.Join(", ", span.Attributes.Where(a => IsShown(a.Key)).Select(a => $"{a.Key}={a.Value}"));
        builder.Append(CultureInfo.InvariantCulture, $"{indent}{span.Name,-40}{span.DurationMs,9:F2} ms  (+{offset:F1} ms)");
        if (Usage(span) is { Length: > 0 } usage) builder.Append("  ").Append(usage);
        if (attributes.Length > 0) builder.Append("  [").Append(attributes).Append(']');
        builder.AppendLine(status);
        foreach (var spanEvent in span.Events)
        {
            var details = string.Join(", ", spanEvent.Attributes.Where(a => a.Key is "retry.attempt" or "retry.delay_ms" or "exception.type").Select(a => $"{a.Key}={a.Value}"));
            builder.AppendLine(CultureInfo.InvariantCulture, $"{indent}  * {spanEvent.Name} at +{(spanEvent.Timestamp - traceStart).TotalMilliseconds:F1} ms  {details}");
        }

        if (!children.TryGetValue(span.SpanId, out var list)) return;
        foreach (var child in list)
        {
            Write(builder, child, children, depth + 1, traceStart);
        }
    }

    /// <summary>The span's tokens and cost, for example <c>tokens 212 in (40 cached) / 35 out, cost 0.000321 USD</c>.</summary>
    private static string Usage(Span span)
    {
        if (!span.Attributes.TryGetValue(GenAIConventions.UsageInputTokens, out var input)) return string.Empty;
        var output = span.Attributes.GetValueOrDefault(GenAIConventions.UsageOutputTokens);
        var cached = span.Attributes.TryGetValue(GenAIConventions.UsageCachedInputTokens, out var value) && value is not (0L or 0) ? $" ({value} cached)" : string.Empty;
        var cost = span.Attributes.TryGetValue(GenAIConventions.UsageCost, out var total)
            ? string.Create(CultureInfo.InvariantCulture, $", cost {total:F6} {span.Attributes.GetValueOrDefault(GenAIConventions.UsageCostCurrency)}")
            : string.Empty;
        return $"tokens {input} in{cached} / {output} out{cost}";
    }

    // The tree shows usage in one piece, and leaves out what its position and name already say.
    private static bool IsShown(string key)
        => key is not ("node" or "class" or "method" or "flow" or "error_type")
            && !key.StartsWith("gen_ai.usage.", StringComparison.Ordinal)
            && !key.StartsWith("server.", StringComparison.Ordinal)
            && key is not ("gen_ai.tool.definitions" or "gen_ai.response.id" or "gen_ai.response.finish_reasons");
}
