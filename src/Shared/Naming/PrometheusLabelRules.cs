namespace NumAgents.Instrumentation.Naming;

/// <summary>
/// Which label keys a series can carry, decided the same way at compile time (the analyzers) and at run time
/// (the collector, which throws for a rejected key): a key is exported under its sanitized name, so the rules
/// apply to that name.
/// </summary>
internal static class PrometheusLabelRules
{
    /// <summary>The label of the series that holds label sets past the cardinality limit (OpenTelemetry's name).</summary>
    public const string OverflowLabel = "otel_metric_overflow";

    /// <summary>The label of a histogram bucket's upper bound.</summary>
    public const string BucketBoundLabel = "le";

    /// <summary>
    /// Why a series cannot carry <paramref name="key"/>, phrased to follow "label 'key' ", or
    /// <see langword="null"/> when it can. Null keys are the caller's to report.
    /// </summary>
    /// <param name="key">The key as the application wrote it.</param>
    /// <param name="isHistogram">Whether the metric is a histogram or timer, whose buckets own <c>le</c>.</param>
    public static string? WhyRejected(string key, bool isHistogram)
    {
        if (key.Trim().Length == 0) return "is empty or whitespace";
        var exported = PrometheusNameSanitizer.SanitizeLabelName(key);
        if (isHistogram && exported == BucketBoundLabel) return "is reserved for histogram bucket bounds";

        // The overflow series owns this label; a caller's series with it could export as a duplicate of it.
        if (exported == OverflowLabel) return "is reserved for the series that holds label sets past the cardinality limit";
        return null;
    }
}
