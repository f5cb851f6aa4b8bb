using Microsoft.Extensions.Logging;

namespace NumAgents.Instrumentation.Hosting;

/// <summary>
/// The configuration keys of <see cref="MonitorOptions"/>, bound by the configuration binder's source
/// generator and then applied to the options. A key that is absent leaves the option as it was; a list
/// replaces the default rather than adding to it (the binder appends to a list that already has items);
/// services (the clock, the logger factory) are not configuration and come from the container.
/// </summary>
internal sealed class MonitoringConfiguration
{
    public string? ServiceName { get; set; }

    public bool? EnableMetrics { get; set; }

    public bool? EnableTracing { get; set; }

    public bool? EnableLogging { get; set; }

    public LogLevel? MinimumLogLevel { get; set; }

    public int? MaxLabelSetsPerMetric { get; set; }

    public int? MaxRetainedSpans { get; set; }

    public double? SamplingRatio { get; set; }

    public int? AttributeValueLengthLimit { get; set; }

    public string[]? CollectedActivitySources { get; set; }

    public int? MaxCollectedActivitiesInFlight { get; set; }

    public double[]? DefaultHistogramBuckets { get; set; }

    public long? IdSeed { get; set; }

    public Dictionary<string, ModelPrice>? ModelPrices { get; set; }

    public bool? UseGenAISpanNames { get; set; }

    public bool? CaptureMessageContent { get; set; }

    public int? MaxCapturedContentLength { get; set; }

    public void ApplyTo(MonitorOptions options)
    {
        if (ServiceName is not null) options.ServiceName = ServiceName;
        if (EnableMetrics is { } enableMetrics) options.EnableMetrics = enableMetrics;
        if (EnableTracing is { } enableTracing) options.EnableTracing = enableTracing;
        if (EnableLogging is { } enableLogging) options.EnableLogging = enableLogging;
        if (MinimumLogLevel is { } minimumLogLevel) options.MinimumLogLevel = minimumLogLevel;
        if (MaxLabelSetsPerMetric is { } maxLabelSets) options.MaxLabelSetsPerMetric = maxLabelSets;
        if (MaxRetainedSpans is { } maxRetainedSpans) options.MaxRetainedSpans = maxRetainedSpans;
        if (SamplingRatio is { } samplingRatio) options.SamplingRatio = samplingRatio;
        if (AttributeValueLengthLimit is { } lengthLimit) options.AttributeValueLengthLimit = lengthLimit;
        if (CollectedActivitySources is not null) options.CollectedActivitySources = [.. CollectedActivitySources];
        if (MaxCollectedActivitiesInFlight is { } maxCollected) options.MaxCollectedActivitiesInFlight = maxCollected;
        if (DefaultHistogramBuckets is not null) options.DefaultHistogramBuckets = DefaultHistogramBuckets;
        if (IdSeed is { } idSeed) options.IdSeed = idSeed;
        if (ModelPrices is not null)
        {
            foreach (var (model, price) in ModelPrices) options.ModelPrices[model] = price;
        }

        if (UseGenAISpanNames is { } genAISpanNames) options.UseGenAISpanNames = genAISpanNames;
        if (CaptureMessageContent is { } capture) options.CaptureMessageContent = capture;
        if (MaxCapturedContentLength is { } maxContent) options.MaxCapturedContentLength = maxContent;
    }
}
