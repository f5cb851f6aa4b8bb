using NumAgents.Instrumentation.Naming;

namespace NumAgents.Instrumentation.Metrics.Exemplars;

/// <summary>
/// Checks the labels an application gives with an explicit exemplar, when it gives them, so that no
/// exposition can carry an invalid one: OpenMetrics limits an exemplar's label names and values to 128
/// code points together, and UTF-8 cannot carry a lone surrogate.
/// </summary>
internal static class ExemplarLabels
{
    /// <summary>OpenMetrics 1.0: the combined length of an exemplar's label names and values, in code points.</summary>
    public const int MaxCodePoints = 128;

    /// <summary>Throws an <see cref="ArgumentException"/> naming <paramref name="metricName"/> when the labels cannot be exported.</summary>
    public static void Validate(string metricName, in Labels labels)
    {
        var codePoints = 0;
        for (var i = 0; i < labels.Count; i++)
        {
            var (key, value) = labels[i];
            if (key is null || string.IsNullOrWhiteSpace(key))
            {
                throw new ArgumentException($"Metric '{metricName}': an exemplar label key is null, empty or whitespace.", nameof(labels));
            }

            if (value is null) throw new ArgumentException($"Metric '{metricName}': exemplar label '{key}' has a null value.", nameof(labels));
            var lone = LabelValidation.IndexOfLoneSurrogate(value);
            if (lone >= 0)
            {
                throw new ArgumentException($"Metric '{metricName}': the value of exemplar label '{key}' is not valid UTF-16 (a lone surrogate at index {lone}).", nameof(labels));
            }

            var exported = PrometheusNameSanitizer.SanitizeLabelName(key);
            for (var j = 0; j < i; j++)
            {
                if (PrometheusNameSanitizer.SanitizeLabelName(labels[j].Key) == exported)
                {
                    throw new ArgumentException($"Metric '{metricName}': exemplar labels '{labels[j].Key}' and '{key}' both export as '{exported}'.", nameof(labels));
                }
            }

            codePoints += exported.Length + CodePoints(value);
        }

        if (codePoints > MaxCodePoints)
        {
            throw new ArgumentException($"Metric '{metricName}': the exemplar's label names and values come to {codePoints} code points; OpenMetrics allows {MaxCodePoints}.", nameof(labels));
        }
    }

    /// <summary>Characters, counting a surrogate pair once (the text is valid UTF-16 by now).</summary>
    private static int CodePoints(string text)
    {
        var count = text.Length;
        foreach (var c in text)
        {
            if (char.IsLowSurrogate(c)) count--;
        }

        return count;
    }
}
