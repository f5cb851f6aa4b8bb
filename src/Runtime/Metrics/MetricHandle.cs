namespace NumAgents.Instrumentation;

/// <summary>
/// A handle bound to one series (metric name + label set). Keep it and record through it: a handle
/// call does no lookup and allocates nothing.
/// </summary>
/// <remarks>
/// After <see cref="MetricsCollector.Clear"/> a handle stays usable: its next recording re-registers
/// the same series in the collector and continues there.
/// </remarks>
public abstract class MetricHandle
{
    private readonly object _timestampGate = new();
    private long _observedVersion;
    private DateTimeOffset _observedAt;

    private protected MetricHandle(Metrics.MetricFamily family, Metrics.LabelSet labelSet)
    {
        Family = family;
        LabelSet = labelSet;
        _observedAt = family.Collector.TimeProvider.GetUtcNow();
        _observedVersion = 0;
        CreatedUtcTicks = _observedAt.UtcTicks;
    }

    /// <summary>The metric name as given by the first caller.</summary>
    public string Name => Family.Name;

    /// <summary>The kind of the metric.</summary>
    public MetricType Type => Family.Type;

    /// <summary>The labels of this series.</summary>
    public IReadOnlyDictionary<string, string> Labels => LabelSet.AsDictionary();

    internal Metrics.MetricFamily Family { get; }

    internal Metrics.LabelSet LabelSet { get; }

    /// <summary>Set by <see cref="MetricsCollector.Clear"/>; a plain field read on the hot path.</summary>
    internal volatile bool Retired;

    internal MetricHandle? Successor;

    /// <summary>The caller's label instances last seen for this series, for the reference-identity lookup cache.</summary>
    internal Labels CallerLabels;

    /// <summary>
    /// What an exporter keeps for this series between exports (its rendered labels, say). Metrics never read
    /// it; it lives and dies with the series.
    /// </summary>
    internal object? ExporterState;

    /// <summary>When the series was created (OpenMetrics' <c>_created</c>): a <see cref="MetricsCollector.Clear"/> starts a new one.</summary>
    internal long CreatedUtcTicks { get; }

    /// <summary>A value that changes whenever the series records; used to date the last update lazily.</summary>
    internal abstract long Version { get; }

    internal abstract Metric Snapshot(DateTimeOffset timestamp);

    /// <summary>
    /// The time the series was last seen to change. Recording paths never read the clock (that would
    /// cost more than the recording); the change is dated when the series is read, as OpenTelemetry
    /// dates points at collection.
    /// </summary>
    internal DateTimeOffset ObserveTimestamp()
    {
        var version = Version;
        lock (_timestampGate)
        {
            if (version != _observedVersion)
            {
                _observedVersion = version;
                _observedAt = Family.Collector.TimeProvider.GetUtcNow();
            }

            return _observedAt;
        }
    }

    /// <summary>The live series for this handle's name and labels after a <see cref="MetricsCollector.Clear"/>.</summary>
    internal THandle? ResolveSuccessor<THandle>()
        where THandle : MetricHandle
    {
        var current = Successor;
        if (current is not null && !current.Retired) return (THandle)current;
        current = Family.Collector.Rebind(this);
        Successor = current;
        return current as THandle;
    }
}
