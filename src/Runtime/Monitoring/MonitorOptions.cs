using Microsoft.Extensions.Logging;

namespace NumAgents.Instrumentation;

/// <summary>Settings of an <see cref="AgentMonitor"/> and of its collectors. Every limit has a documented default.</summary>
public sealed class MonitorOptions
{
    /// <summary>The default for <see cref="MaxLabelSetsPerMetric"/>.</summary>
    public const int DefaultMaxLabelSetsPerMetric = 2000;

    /// <summary>The default for <see cref="MaxRetainedSpans"/>.</summary>
    public const int DefaultMaxRetainedSpans = TracingOptions.DefaultMaxRetainedSpans;

    /// <summary>The service name reported with logs and exported traces. Default <c>num_agents</c>.</summary>
    public string ServiceName { get; set; } = "num_agents";

    /// <summary>Whether metrics are recorded. When off, <see cref="AgentMonitor.Metrics"/> is a no-op collector.</summary>
    public bool EnableMetrics { get; set; } = true;

    /// <summary>Whether spans are recorded. When off, <see cref="AgentMonitor.Tracer"/> is a no-op tracer.</summary>
    public bool EnableTracing { get; set; } = true;

    /// <summary>Whether <see cref="AgentMonitor.Log(LogLevel, string, IReadOnlyDictionary{string, object?}?)"/> writes records.</summary>
    public bool EnableLogging { get; set; } = true;

    /// <summary>The clock behind every timestamp and duration. Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>
    /// Where logs go. When <see langword="null"/>, records are written to standard error as JSON lines.
    /// A record carries <c>trace_id</c> and <c>span_id</c> properties for the current span, except while an
    /// OpenTelemetry SDK (any listener of our source) has the span as <see cref="System.Diagnostics.Activity.Current"/>:
    /// OpenTelemetry's provider then writes the ids as the record's own trace and span ids, and the properties
    /// would repeat them as attributes.
    /// </summary>
    public ILoggerFactory? LoggerFactory { get; set; }

    /// <summary>
    /// The lowest level written to standard error when <see cref="LoggerFactory"/> is not set (default
    /// <see cref="LogLevel.Information"/>). With a logger factory, its own filters decide.
    /// </summary>
    public LogLevel MinimumLogLevel { get; set; } = LogLevel.Information;

    /// <summary>
    /// Label sets kept per metric name (default 2,000). Further label sets fold into one series labelled
    /// <c>otel_metric_overflow="true"</c>, so nothing recorded is lost and memory stays bounded.
    /// </summary>
    public int MaxLabelSetsPerMetric { get; set; } = DefaultMaxLabelSetsPerMetric;

    /// <summary>Finished spans kept (default 10,000); the oldest are evicted first and counted as dropped.</summary>
    public int MaxRetainedSpans { get; set; } = DefaultMaxRetainedSpans;

    /// <summary>
    /// The share of new traces that are recorded, from 0 to 1 (default 1: all). Sampling is parent-based:
    /// a trace started here is sampled by this ratio on its trace id (the same decision OpenTelemetry's
    /// TraceIdRatioBased sampler makes), and a span with a parent follows its parent's sampled flag when
    /// that flag is a decision (a <c>traceparent</c> header, a span of ours, an activity a sampler kept or
    /// dropped). Inside an activity nobody sampled (an ASP.NET Core request with no listener) the ratio
    /// decides. A sampled-out span records nothing, is counted in
    /// <see cref="MonitorStatistics.SampledOutTraces"/> when it starts a trace here, and still propagates
    /// its trace with the sampled flag off.
    /// </summary>
    public double SamplingRatio { get; set; } = 1.0;

    /// <summary>
    /// The longest string attribute value a span keeps (default 4,096 UTF-16 code units); longer values are
    /// cut and counted in <see cref="MonitorStatistics.TruncatedAttributeValues"/>. See
    /// <see cref="TracingOptions.AttributeValueLengthLimit"/>.
    /// </summary>
    public int AttributeValueLengthLimit { get; set; } = TracingOptions.DefaultAttributeValueLengthLimit;

    /// <summary>
    /// Activity sources of other libraries whose activities the monitor collects when they run inside its
    /// traces (default <see cref="TracingOptions.DefaultCollectedActivitySources"/>: Microsoft.Extensions.AI,
    /// the Agent Framework and <c>HttpClient</c>); see <see cref="TracingOptions.CollectedActivitySources"/>.
    /// </summary>
    public IList<string> CollectedActivitySources { get; set; } = [.. TracingOptions.DefaultCollectedActivitySources];

    /// <summary>Collected activities of other libraries running at once (default 1,000); see <see cref="TracingOptions.MaxCollectedActivitiesInFlight"/>.</summary>
    public int MaxCollectedActivitiesInFlight { get; set; } = TracingOptions.DefaultMaxCollectedActivitiesInFlight;

    /// <summary>
    /// When set, trace and span ids come from a generator seeded with this value instead of the
    /// per-thread random generator, so a single-threaded run under a fake <see cref="TimeProvider"/> is
    /// reproducible byte for byte (golden-file tests). Leave it <see langword="null"/> in production: W3C
    /// Trace Context expects random trace ids.
    /// </summary>
    public long? IdSeed { get; set; }

    /// <summary>
    /// What models cost, per million tokens: the model id as the provider reports it (matched without
    /// regard to case; a key ending in <c>*</c> matches every id that starts with the rest) to its price.
    /// Each LLM call of a priced model gets its cost on its span and in the cost counter; a model that is
    /// not in the table gets none and is counted in <see cref="MonitorStatistics.UnpricedLlmCalls"/>: a cost
    /// is never guessed. Empty by default. Configuration: <c>NumAgents:Monitoring:ModelPrices:{model}:InputPerMillion</c>,
    /// <c>OutputPerMillion</c>, <c>CachedInputPerMillion</c>, <c>Currency</c>.
    /// </summary>
    public IDictionary<string, ModelPrice> ModelPrices { get; set; } = new Dictionary<string, ModelPrice>(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Whether spans are named after the GenAI semantic conventions (<c>invoke_workflow {flow}</c>,
    /// <c>invoke_agent {agent}</c>, <c>execute_tool {tool}</c>, <c>chat {model}</c>, <c>retrieval {source}</c>)
    /// instead of this toolkit's names (<c>flow.{Name}</c>, <c>node.{Name}</c>, <c>{Type}.{Method}</c>).
    /// Default <see langword="false"/>: the <c>gen_ai.*</c> attributes are added either way, and dashboards
    /// built on the toolkit's names keep working.
    /// </summary>
    public bool UseGenAISpanNames { get; set; }

    /// <summary>
    /// Whether prompts and responses are recorded on spans as <c>gen_ai.input.messages</c> and
    /// <c>gen_ai.output.messages</c> (by the Microsoft.Extensions.AI integration). Default
    /// <see langword="false"/>: message content is often personal or secret. Content is never a metric label.
    /// </summary>
    public bool CaptureMessageContent { get; set; }

    /// <summary>
    /// The longest value of each captured content attribute (<c>gen_ai.input.messages</c>,
    /// <c>gen_ai.output.messages</c>), JSON included, in UTF-16 code units (default 16,384), and never more
    /// than <see cref="AttributeValueLengthLimit"/>: texts are cut, in order, so that the value stays valid JSON.
    /// </summary>
    public int MaxCapturedContentLength { get; set; } = 16_384;

    /// <summary>Rewrites captured content before it is recorded (mask e-mail addresses, account numbers...); <see langword="null"/> keeps it.</summary>
    public Func<string, string>? RedactContent { get; set; }

    /// <summary>
    /// Bucket upper bounds for histograms and timers that do not name their own. The default suits
    /// milliseconds: 0.5 ms to 10 s.
    /// </summary>
    public IReadOnlyList<double> DefaultHistogramBuckets { get; set; } = HistogramBuckets.DefaultMilliseconds;

    /// <summary>
    /// How the monitor's metrics server (<see cref="AgentMonitor.StartMetricsServer"/>) and ASP.NET Core endpoint
    /// name metrics: <see cref="PrometheusNaming.Conventional"/> (the default: <c>_total</c>, timers in seconds)
    /// or <see cref="PrometheusNaming.Legacy"/> (the names and milliseconds of earlier versions).
    /// </summary>
    public PrometheusNaming PrometheusNaming { get; set; } = PrometheusNaming.Conventional;

    internal MonitorOptions Validated()
    {
        if (string.IsNullOrWhiteSpace(ServiceName))
        {
            throw new ArgumentException("MonitorOptions.ServiceName must not be empty.", nameof(ServiceName));
        }

        ArgumentNullException.ThrowIfNull(TimeProvider, nameof(TimeProvider));
        if (MaxLabelSetsPerMetric < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxLabelSetsPerMetric), MaxLabelSetsPerMetric, "MonitorOptions.MaxLabelSetsPerMetric must be at least 1.");
        }

        if (MaxRetainedSpans < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxRetainedSpans), MaxRetainedSpans, "MonitorOptions.MaxRetainedSpans must be 0 or more.");
        }

        if (!(SamplingRatio >= 0 && SamplingRatio <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(SamplingRatio), SamplingRatio, "MonitorOptions.SamplingRatio must be between 0 and 1.");
        }

        if (AttributeValueLengthLimit < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(AttributeValueLengthLimit), AttributeValueLengthLimit, "MonitorOptions.AttributeValueLengthLimit must be at least 1.");
        }

        if (MaxCollectedActivitiesInFlight < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxCollectedActivitiesInFlight), MaxCollectedActivitiesInFlight, "MonitorOptions.MaxCollectedActivitiesInFlight must be 0 or more.");
        }

        ArgumentNullException.ThrowIfNull(CollectedActivitySources, nameof(CollectedActivitySources));
        ArgumentNullException.ThrowIfNull(ModelPrices, nameof(ModelPrices));
        foreach (var (model, price) in ModelPrices)
        {
            if (price is null) throw new ArgumentException($"MonitorOptions.ModelPrices['{model}'] is null.", nameof(ModelPrices));
            price.Validate(model);
        }

        if (MaxCapturedContentLength < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxCapturedContentLength), MaxCapturedContentLength, "MonitorOptions.MaxCapturedContentLength must be at least 1.");
        }
        HistogramBuckets.Validate("MonitorOptions.DefaultHistogramBuckets", DefaultHistogramBuckets);
        return this;
    }

    /// <summary>The tracer's share of these options.</summary>
    internal TracingOptions ToTracingOptions() => new()
    {
        Enabled = EnableTracing,
        ServiceName = ServiceName,
        TimeProvider = TimeProvider,
        SamplingRatio = SamplingRatio,
        MaxRetainedSpans = MaxRetainedSpans,
        AttributeValueLengthLimit = AttributeValueLengthLimit,
        CollectedActivitySources = [.. CollectedActivitySources],
        MaxCollectedActivitiesInFlight = MaxCollectedActivitiesInFlight,
        IdSeed = IdSeed,
    };
}
