using NumAgents.Instrumentation.Export.Prometheus;

namespace NumAgents.Instrumentation.Metrics;

/// <summary>Checks a label set before its series exists, so a rejected set leaves nothing behind.</summary>
internal static class LabelValidation
{
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

            if (string.IsNullOrWhiteSpace(key))
            {
                throw new ArgumentException($"Metric '{metricName}': a label key is empty or whitespace.", nameof(labels));
            }

            if (value is null)
            {
                throw new ArgumentException($"Metric '{metricName}': label '{key}' has a null value.", nameof(labels));
            }

            if (isHistogram && PrometheusNaming.SanitizeLabelName(key) == "le")
            {
                throw new ArgumentException($"Metric '{metricName}': label '{key}' is reserved for histogram bucket bounds.", nameof(labels));
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
                var exportName = PrometheusNaming.SanitizeLabelName(key);
                if (!exportNames.TryAdd(exportName, key))
                {
                    throw new ArgumentException($"Metric '{metricName}': labels '{exportNames[exportName]}' and '{key}' both export as '{exportName}'.", nameof(labels));
                }
            }
        }

        return pairs;
    }
}
