namespace NumAgents.Instrumentation;

/// <summary>A point-in-time view of one series (a metric name and one label set).</summary>
public sealed class Metric
{
    internal Metric(string name, MetricType type, double value, IReadOnlyDictionary<string, string> labels, DateTimeOffset timestamp, string? description, string? unit)
    {
        Unit = unit;
        Name = name;
        Type = type;
        Value = value;
        Labels = labels;
        Timestamp = timestamp;
        Description = description;
    }

    /// <summary>The metric name.</summary>
    public string Name { get; }

    /// <summary>The kind of the metric.</summary>
    public MetricType Type { get; }

    /// <summary>The counter total, the gauge value, or the histogram/timer observation count.</summary>
    public double Value { get; }

    /// <summary>The labels of the series.</summary>
    public IReadOnlyDictionary<string, string> Labels { get; }

    /// <summary>When the series was last seen to change (dated when metrics are read, from <see cref="MetricsOptions.TimeProvider"/>).</summary>
    public DateTimeOffset Timestamp { get; }

    /// <summary>The description given with the metric, if any.</summary>
    public string? Description { get; }

    /// <summary>
    /// The unit declared when the metric was created (UCUM, as OpenTelemetry writes it: <c>By</c>,
    /// <c>{request}</c>), if any. Timers are in milliseconds and declare none.
    /// </summary>
    public string? Unit { get; }

    /// <summary>The series as a dictionary with the guide's keys: <c>name</c>, <c>type</c>, <c>value</c>, <c>labels</c>, <c>timestamp</c>, <c>description</c>.</summary>
    public IReadOnlyDictionary<string, object?> ToDictionary() => new Dictionary<string, object?>(StringComparer.Ordinal)
    {
        ["name"] = Name,
        ["type"] = Type.ToString().ToLowerInvariant(),
        ["value"] = Value,
        ["labels"] = Labels,
        ["timestamp"] = Timestamp,
        ["description"] = Description,
    };

    /// <inheritdoc/>
    public override string ToString() => $"{Name}{{{string.Join(",", Labels.Select(l => $"{l.Key}={l.Value}"))}}} {Value}";
}
