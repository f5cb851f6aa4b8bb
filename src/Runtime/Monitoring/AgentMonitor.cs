using Microsoft.Extensions.Logging;
using NumAgents.Core;
using NumAgents.Instrumentation.GenAI;
using NumAgents.Instrumentation.Internal;
using NumAgents.Instrumentation.Monitoring;

namespace NumAgents.Instrumentation;

/// <summary>
/// The entry point of the toolkit (<c>Monitor</c> in the guide): one service's metrics, traces and
/// logs. Thread-safe.
/// </summary>
/// <remarks>
/// <para>
/// Generated instrumentation, flows without a <see cref="Flow.Monitor"/>, and log correlation record into
/// <see cref="Current"/>. The monitor is also the <see cref="IFlowMonitor"/> of the flows it runs.
/// </para>
/// </remarks>
public sealed class AgentMonitor : IDisposable, IFlowMonitor
{
    private static readonly AsyncLocal<AgentMonitor?> _ambient = new();
    private static readonly Lock _globalGate = new();
    private static AgentMonitor? _global;
    private readonly MonitorLogger _logger;
    private readonly FlowRecorder _flows;
    private readonly Lock _ownedGate = new();
    private readonly List<MetricsServer> _servers = [];
    private bool _disposed;
    private long _instrumentationErrors;

    /// <summary>Creates a monitor.</summary>
    /// <param name="serviceName">The service name reported with logs and traces.</param>
    /// <param name="enableMetrics">Whether metrics are recorded.</param>
    /// <param name="enableTracing">Whether spans are recorded.</param>
    /// <param name="enableLogging">Whether <see cref="Log(LogLevel, string, IReadOnlyDictionary{string, object?}?)"/> writes records.</param>
    public AgentMonitor(string serviceName = "num_agents", bool enableMetrics = true, bool enableTracing = true, bool enableLogging = true)
        : this(new MonitorOptions
        {
            ServiceName = serviceName,
            EnableMetrics = enableMetrics,
            EnableTracing = enableTracing,
            EnableLogging = enableLogging,
        })
    {
    }

    /// <summary>Creates a monitor from options.</summary>
    /// <param name="options">The monitor's settings.</param>
    public AgentMonitor(MonitorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options.Validated();
        Tracer = new Tracer(options.ToTracingOptions());
        Metrics = new MetricsCollector(MetricsOptionsOf(options, Tracer));
        _logger = new MonitorLogger(Options);
        GenAIRecorder = new GenAIRecorder(Metrics, new ModelPriceTable(options.ModelPrices), ReportInstrumentationFailure);
        Tracer.UsageObserver = GenAIRecorder;
        _flows = new FlowRecorder(this);
    }

    /// <summary>The service name.</summary>
    public string ServiceName => Options.ServiceName;

    /// <summary>The options the monitor was created with.</summary>
    public MonitorOptions Options { get; }

    /// <summary>The metrics collector (a no-op collector with <see cref="MetricsCollector.IsEnabled"/> false when metrics are off).</summary>
    public MetricsCollector Metrics { get; }

    /// <summary>The tracer (a no-op tracer with <see cref="Tracer.IsEnabled"/> false when tracing is off).</summary>
    public Tracer Tracer { get; }

    /// <summary>Records LLM calls in the GenAI conventions (token and duration histograms, cost, totals).</summary>
    internal GenAIRecorder GenAIRecorder { get; }

    /// <summary>
    /// The monitor that instrumentation on this async flow records into: the monitor of the innermost
    /// <see cref="Use"/> scope (a flow run sets one for its nodes; in a host that registered monitoring
    /// with <c>AddNumAgentsMonitoring</c>, each request and each hosted service runs in a scope of that
    /// host's monitor); else, when exactly one monitor was registered with dependency injection in the
    /// process, that one; else the process-wide <see cref="GetMonitor"/>.
    /// </summary>
    public static AgentMonitor Current => _ambient.Value ?? HostMonitors.Sole ?? GetMonitor();

    TimeProvider IFlowMonitor.TimeProvider => Options.TimeProvider;

    /// <summary>The process-wide monitor (<c>get_monitor</c>): the same instance on every call.</summary>
    public static AgentMonitor GetMonitor()
    {
        var global = Volatile.Read(ref _global);
        if (global is not null) return global;
        lock (_globalGate)
        {
            return _global ??= new AgentMonitor();
        }
    }

    /// <summary>
    /// Makes <paramref name="monitor"/> the <see cref="Current"/> monitor for this async flow until the
    /// returned scope is disposed; scopes nest.
    /// </summary>
    /// <param name="monitor">The monitor to record into.</param>
    public static MonitorScope Use(AgentMonitor monitor)
    {
        ArgumentNullException.ThrowIfNull(monitor);
        var previous = _ambient.Value;
        _ambient.Value = monitor;
        return new MonitorScope(previous, monitor);
    }

    internal static void Restore(AgentMonitor? previous) => _ambient.Value = previous;

    /// <summary>Makes <paramref name="monitor"/> current on this async flow without a scope to restore (a host's request or hosted service: the flow ends with it).</summary>
    internal static void SetAmbient(AgentMonitor monitor) => _ambient.Value = monitor;

    IFlowRunObserver IFlowMonitor.BeginRun(Flow flow) => _flows.BeginRun(flow);

    void IFlowMonitor.NodeRetrying(Node node, int failedAttempt, TimeSpan delay, Exception exception) => _flows.RecordRetry(node, failedAttempt, delay, exception);

    void IFlowMonitor.ConditionDecided(ConditionalNode node, bool decision, Node? next) => _flows.RecordDecision(node, decision, next);

    /// <summary>
    /// Writes a structured log record through <see cref="MonitorOptions.LoggerFactory"/> (category: the
    /// service name), or as a JSON line on standard error when no factory is set. The record's state
    /// carries <c>service</c>, <c>trace_id</c> and <c>span_id</c> (when a span is current) and every
    /// <paramref name="extra"/> key. Never throws for odd extras (null, nested, cycles, values that cannot
    /// be serialized) or a failing provider: such failures are counted in
    /// <see cref="MonitorStatistics.InstrumentationErrors"/>.
    /// </summary>
    /// <param name="level">The level.</param>
    /// <param name="message">The message, written as is (not a template).</param>
    /// <param name="extra">Additional properties.</param>
    public void Log(LogLevel level, string message, IReadOnlyDictionary<string, object?>? extra = null) => _logger.Log(level, null, message, extra);

    /// <summary>Writes a structured log record with an exception (see <see cref="Log(LogLevel, string, IReadOnlyDictionary{string, object?}?)"/>).</summary>
    /// <param name="level">The level.</param>
    /// <param name="exception">The exception to attach.</param>
    /// <param name="message">The message, written as is (not a template).</param>
    /// <param name="extra">Additional properties.</param>
    public void Log(LogLevel level, Exception? exception, string message, IReadOnlyDictionary<string, object?>? extra = null) => _logger.Log(level, exception, message, extra);

    /// <summary>
    /// Records one LLM call made inside the current span (a node, a method): its tokens and, from
    /// <see cref="MonitorOptions.ModelPrices"/>, its cost become the current span's (and are summed into
    /// the enclosing node's and flow's spans when they end), the <c>gen_ai.client.token.usage</c> histogram
    /// gets the input and output counts (labels: operation, provider, model, token type, node), the cost
    /// counter the cost, and <see cref="GetStatistics"/> the totals. Generated code and the
    /// Microsoft.Extensions.AI integration call this for you; call it for an LLM client they do not see.
    /// Never throws for odd input: failures are counted.
    /// </summary>
    /// <param name="usage">The tokens the call consumed.</param>
    /// <param name="model">The model that answered (the price table's key).</param>
    /// <param name="provider">The provider, for example <c>openai</c>.</param>
    /// <param name="operation">The operation; default <c>chat</c>.</param>
    /// <returns>The call's cost, one entry per currency (empty for a model without a price).</returns>
    public IReadOnlyList<TokenCost> RecordTokenUsage(TokenUsage usage, string? model = null, string? provider = null, string operation = GenAIConventions.Chat)
        => RecordLlmCall(new LlmCallRecord { Operation = operation, Provider = provider, RequestModel = model, Usage = usage });

    /// <summary>
    /// Records one LLM call made inside the current span, with everything an integration knows about it:
    /// usage and cost as <see cref="RecordTokenUsage"/> does, and the call's duration in
    /// <c>gen_ai.client.operation.duration</c> (labelled with <c>error.type</c> when it failed). Never throws.
    /// </summary>
    /// <param name="call">The call.</param>
    /// <returns>The call's cost, one entry per currency (empty for a model without a price, or no usage).</returns>
    public IReadOnlyList<TokenCost> RecordLlmCall(LlmCallRecord call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var span = Tracer.CurrentSpan is { IsRecording: true } current ? current : null;

        // A client that does not say its provider or model, called from an [LlmCall] method that does: the
        // method's span says it for the call.
        var provider = call.Provider ?? span?.FindAttribute(GenAIConventions.ProviderName) as string;
        var requestModel = call.RequestModel ?? span?.FindAttribute(GenAIConventions.RequestModel) as string;
        if (call.Duration is { } duration) GenAIRecorder.RecordDuration(span, duration.TotalSeconds, call.Operation, provider, requestModel ?? call.ResponseModel, call.ErrorType, reported: true);
        return call.Usage is { } usage && GenAIRecorder.RecordCall(span, usage, call.Operation, provider, requestModel, call.ResponseModel, reported: true) is { } cost ? [cost] : [];
    }

    /// <summary>
    /// Counts (in <see cref="MonitorStatistics.InstrumentationErrors"/>) and reports through the toolkit's
    /// event source a failure inside instrumentation that was contained, so that it is visible without
    /// reaching the application. For integrations built on the monitor; never throws.
    /// </summary>
    /// <param name="component">What failed, for example <c>flow</c> or <c>chat_client</c>.</param>
    /// <param name="exception">The contained exception.</param>
    public void ReportInstrumentationFailure(string component, Exception exception)
    {
        Interlocked.Increment(ref _instrumentationErrors);
        InstrumentationEventSource.Log.InstrumentationFailed(component, exception);
    }

    /// <summary>A snapshot of what the monitor holds and what it dropped.</summary>
    public MonitorStatistics GetStatistics() => new()
    {
        ServiceName = ServiceName,
        MetricsCount = Metrics.SeriesCount,
        FoldedLabelSets = Metrics.FoldedLabelSets,
        ExportErrors = Metrics.ExportErrors + Tracer.ExportErrors,
        InstrumentationErrors = Metrics.InstrumentationErrors + Tracer.InstrumentationErrors + _logger.Errors + Interlocked.Read(ref _instrumentationErrors),
        MetricsEnabled = Metrics.IsEnabled,
        SpansCount = Tracer.RetainedSpans,
        ActiveTraces = Tracer.ActiveTraces,
        DroppedSpans = Tracer.DroppedSpans,
        TracingEnabled = Tracer.IsEnabled,
        SampledOutTraces = Tracer.SampledOutTraces,
        ActiveSpans = Tracer.ActiveSpanCount,
        TruncatedAttributeValues = Tracer.Limits.Truncated,
        UncollectedActivities = Tracer.Collection.Uncollected,
        TokenUsage = GenAIRecorder.Tokens,
        Costs = GenAIRecorder.Costs,
        LlmCalls = GenAIRecorder.Calls,
        UnpricedLlmCalls = GenAIRecorder.UnpricedCalls,
    };

    /// <summary>
    /// Starts a <see cref="MetricsServer"/> serving this monitor's metrics that the monitor owns:
    /// disposing the monitor stops it (after letting a scrape in flight finish). Dispose the returned
    /// server to stop it earlier.
    /// </summary>
    /// <param name="port">The TCP port; 0 picks a free one (see <see cref="MetricsServer.Url"/>).</param>
    /// <param name="host">The address to bind, <c>127.0.0.1</c> by default; <c>0.0.0.0</c> or <c>*</c> in a container (see <see cref="MetricsServer"/>).</param>
    /// <param name="path">The scrape path, <c>/metrics</c> by default.</param>
    /// <exception cref="ObjectDisposedException">The monitor is disposed.</exception>
    /// <exception cref="IOException">The port is in use or the address cannot be bound; the message names them.</exception>
    public MetricsServer StartMetricsServer(int port = 0, string host = "127.0.0.1", string path = "/metrics")
    {
        lock (_ownedGate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var server = new MetricsServer(Metrics, port, host, path, Options.PrometheusNaming);
            _servers.Add(server);
            return server;
        }
    }

    /// <summary>
    /// Stops the metrics servers the monitor started (<see cref="StartMetricsServer"/>), letting scrapes
    /// in flight finish, and releases what the monitor publishes to the process (its System.Diagnostics
    /// meter). Recording into a disposed monitor is still harmless. Logs are not buffered by the monitor,
    /// so there is nothing else to flush; a logger factory passed in options belongs to the caller.
    /// </summary>
    public void Dispose()
    {
        MetricsServer[] servers;
        lock (_ownedGate)
        {
            if (_disposed) return;
            _disposed = true;
            servers = [.. _servers];
            _servers.Clear();
        }

        foreach (var server in servers) server.Dispose();
        Metrics.Dispose();
        HostMonitors.Unregister(this);
    }

    /// <summary>
    /// The collector's settings from the monitor's: the same switch, clock, limits and service name, and the
    /// tracer as the source of exemplars when it records.
    /// </summary>
    private static MetricsOptions MetricsOptionsOf(MonitorOptions options, Tracer tracer) => new()
    {
        Enabled = options.EnableMetrics,
        ServiceName = options.ServiceName,
        TimeProvider = options.TimeProvider,
        MaxLabelSetsPerMetric = options.MaxLabelSetsPerMetric,
        DefaultHistogramBuckets = options.DefaultHistogramBuckets,
        SampledSpans = tracer.IsEnabled ? new TracerSampledSpans(tracer) : null,
    };

    /// <summary>Clears all metrics (and, with tracing, all spans).</summary>
    public void Clear()
    {
        Metrics.Clear();
        Tracer.Clear();
    }
}
