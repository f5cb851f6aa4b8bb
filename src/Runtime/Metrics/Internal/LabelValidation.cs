using NumAgents.Instrumentation.Naming;

namespace NumAgents.Instrumentation.Metrics;

/// <summary>Checks a label set before its series exists, so a rejected set leaves nothing behind.</summary>
internal static class LabelValidation
{
    public const string OverflowLabel = PrometheusLabelRules.OverflowLabel;

    public static (string Key, string Value)[] Validate(string metricName, bool isHistogram, in Labels labels)
    {
        var pairs = new (string Key, string Value)[labels.Count];
        for (var i = 0; i < pairs.Length; i++)
        {
            var (key, value) = labels[i];
            if (key is null)
            {
                throw new ArgumentException($"Metric '{metricName}': a label key is null.", nameof(labels));
            }

            // The same rule the analyzers apply at compile time (PrometheusLabelRules), so the two agree.
            if (PrometheusLabelRules.WhyRejected(key, isHistogram) is { } reason)
            {
                throw new ArgumentException(key.Trim().Length == 0 ? $"Metric '{metricName}': a label key {reason}." : $"Metric '{metricName}': label '{key}' {reason}.", nameof(labels));
            }

            if (value is null)
            {
                throw new ArgumentException($"Metric '{metricName}': label '{key}' has a null value.", nameof(labels));
            }

            // UTF-8 cannot carry a lone surrogate: it would export as U+FFFD, so two different values
            // could export as one series and no value would read back as recorded.
            var lone = IndexOfLoneSurrogate(value);
            if (lone >= 0)
            {
                throw new ArgumentException($"Metric '{metricName}': the value of label '{key}' is not valid UTF-16 (a lone surrogate at index {lone}).", nameof(labels));
            }

            pairs[i] = (key, value);
        }

        // Labels are sorted by key, so a duplicate is adjacent; sanitized clashes ("a.b" and "a_b") need a set.
        for (var i = 1; i < pairs.Length; i++)
        {
            if (string.Equals(pairs[i - 1].Key, pairs[i].Key, StringComparison.Ordinal))
            {
                throw new ArgumentException($"Metric '{metricName}': label '{pairs[i].Key}' is given more than once.", nameof(labels));
            }
        }

        if (pairs.Length > 1)
        {
            var exportNames = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (key, _) in pairs)
            {
                var exportName = PrometheusNameSanitizer.SanitizeLabelName(key);
                if (!exportNames.TryAdd(exportName, key))
                {
                    throw new ArgumentException($"Metric '{metricName}': labels '{exportNames[exportName]}' and '{key}' both export as '{exportName}'.", nameof(labels));
                }
            }
        }

        return pairs;
    }

    /// <summary>The index of the first surrogate that is not part of a pair, or -1.</summary>
    public static int IndexOfLoneSurrogate(string text)
    {
        var span = text.AsSpan();
        var i = span.IndexOfAnyInRange('\uD800', '\uDFFF');
        if (i < 0) return -1;
        for (; i < span.Length; i++)
        {
            if (!char.IsSurrogate(span[i])) continue;
            if (char.IsHighSurrogate(span[i]) && i + 1 < span.Length && char.IsLowSurrogate(span[i + 1]))
            {
                i++;
                continue;
            }

            return i;
        }

        return -1;
    }
}
