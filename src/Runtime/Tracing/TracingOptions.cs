namespace NumAgents.Instrumentation;

/// <summary>Settings of a <see cref="Tracer"/>. Every limit has a documented default.</summary>
/// <remarks>An <c>AgentMonitor</c> builds these from its <c>MonitorOptions</c>; set them directly only for a tracer of your own.</remarks>
public sealed class TracingOptions
{
    /// <summary>The default for <see cref="MaxRetainedSpans"/>.</summary>
    public const int DefaultMaxRetainedSpans = 10_000;

    /// <summary>The default for <see cref="AttributeValueLengthLimit"/>.</summary>
    public const int DefaultAttributeValueLengthLimit = 4096;

    /// <summary>The default for <see cref="MaxCollectedActivitiesInFlight"/>.</summary>
    public const int DefaultMaxCollectedActivitiesInFlight = 1000;

    /// <summary>The activity sources collected by default (see <see cref="CollectedActivitySources"/>).</summary>
    public static IReadOnlyList<string> DefaultCollectedActivitySources { get; } =
    [
        "Experimental.Microsoft.Extensions.AI",
        "Microsoft.Extensions.AI",
        "Experimental.Microsoft.Agents.AI",
        "Microsoft.Agents.AI*",
        "System.Net.Http",
    ];

    /// <summary>Whether spans are recorded (default <see langword="true"/>). A disabled tracer accepts every call and records nothing.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The service name exported with the spans. Default <c>num_agents</c>.</summary>
    public string ServiceName { get; set; } = "num_agents";

    /// <summary>The clock behind every timestamp and duration. Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>
    /// The share of new traces that are recorded, from 0 to 1 (default 1). A trace started here is sampled
    /// by this ratio on its trace id (the decision OpenTelemetry's TraceIdRatioBased sampler makes); a span
    /// with a parent follows the parent's sampled flag when the parent's flag is a decision (a
    /// <c>traceparent</c> header, a span of ours, an activity a sampler recorded or dropped). Inside an
    /// activity nobody sampled (an ASP.NET Core request with no listener), this ratio decides.
    /// </summary>
    public double SamplingRatio { get; set; } = 1.0;

    /// <summary>Finished spans kept (default 10,000); the oldest are evicted first and counted as dropped.</summary>
    public int MaxRetainedSpans { get; set; } = DefaultMaxRetainedSpans;

    /// <summary>
    /// The longest string attribute value kept, in UTF-16 code units (default 4,096; each string of a
    /// string array counts alone). Longer values are cut (never inside a surrogate pair) and counted in
    /// <c>MonitorStatistics.TruncatedAttributeValues</c>, like OpenTelemetry's <c>AttributeValueLengthLimit</c>.
    /// </summary>
    public int AttributeValueLengthLimit { get; set; } = DefaultAttributeValueLengthLimit;

    /// <summary>
    /// Activity sources of other libraries whose activities the tracer collects when they run inside one
    /// of its traces, so that <see cref="Tracer.GetTraceSpans"/>, the Jaeger export and trace trees show
    /// them nested under our spans (with no OpenTelemetry SDK at all). A name ending in <c>*</c> matches
    /// every source that starts with the rest. Default <see cref="DefaultCollectedActivitySources"/>:
    /// Microsoft.Extensions.AI (<c>chat</c>, <c>execute_tool</c>, <c>orchestrate_tools</c>), the Agent
    /// Framework, and <c>HttpClient</c>. An empty list collects nothing. Activities outside our traces are
    /// never created or touched because of this setting.
    /// </summary>
    public IList<string> CollectedActivitySources { get; set; } = [.. DefaultCollectedActivitySources];

    /// <summary>
    /// Collected activities of other libraries that may be running at once (default 1,000). More are not
    /// collected and are counted in <c>MonitorStatistics.UncollectedActivities</c>, so activities
    /// that are never stopped cannot grow memory without bound.
    /// </summary>
    public int MaxCollectedActivitiesInFlight { get; set; } = DefaultMaxCollectedActivitiesInFlight;

    /// <summary>
    /// When set, trace and span ids come from a generator seeded with this value, so a single-threaded run
    /// under a fake <see cref="TimeProvider"/> is reproducible byte for byte (golden-file tests). An activity
    /// picks its own span id, so a seeded tracer never makes carrier activities (it then collects no other
    /// library's activities), and spans published to a listener of our source keep the activity's ids.
    /// Leave it <see langword="null"/> in production: W3C Trace Context expects random trace ids.
    /// </summary>
    public long? IdSeed { get; set; }

    internal TracingOptions Validated()
    {
        if (string.IsNullOrWhiteSpace(ServiceName)) throw new ArgumentException("TracingOptions.ServiceName must not be empty.", nameof(ServiceName));
        ArgumentNullException.ThrowIfNull(TimeProvider, nameof(TimeProvider));
        if (!(SamplingRatio >= 0 && SamplingRatio <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(SamplingRatio), SamplingRatio, "The sampling ratio must be between 0 and 1.");
        }

        if (MaxRetainedSpans < 0) throw new ArgumentOutOfRangeException(nameof(MaxRetainedSpans), MaxRetainedSpans, "The span retention limit must be 0 or more.");
        if (AttributeValueLengthLimit < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(AttributeValueLengthLimit), AttributeValueLengthLimit, "The attribute value length limit must be at least 1.");
        }

        if (MaxCollectedActivitiesInFlight < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxCollectedActivitiesInFlight), MaxCollectedActivitiesInFlight, "The limit of collected activities in flight must be 0 or more.");
        }

        ArgumentNullException.ThrowIfNull(CollectedActivitySources, nameof(CollectedActivitySources));
        foreach (var source in CollectedActivitySources)
        {
            if (string.IsNullOrWhiteSpace(source)) throw new ArgumentException("A collected activity source name must not be empty.", nameof(CollectedActivitySources));
        }

        return this;
    }
}
