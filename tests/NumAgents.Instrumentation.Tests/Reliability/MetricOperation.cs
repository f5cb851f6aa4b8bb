namespace NumAgents.Instrumentation.Tests.Reliability;

/// <summary>One call on the metrics API with generated arguments.</summary>
internal sealed record MetricOperation(MetricType Kind, string Name, (string Key, string Value)[] Labels, double Value, string? Description)
{
    public void Apply(MetricsCollector metrics)
    {
        var labels = Instrumentation.Labels.Create(Labels);
        switch (Kind)
        {
            case MetricType.Counter:
                metrics.Counter(Name, Value, labels, Description);
                break;
            case MetricType.Gauge:
                metrics.Gauge(Name, Value, labels, Description);
                break;
            default:
                metrics.Histogram(Name, Value, labels, Description);
                break;
        }
    }

    public override string ToString()
        => $"{Kind}({Show(Name)}, {Value:R}, [{string.Join(", ", Labels.Select(l => $"({Show(l.Key)}, {Show(l.Value)})"))}], {(Description is null ? "null" : Show(Description))})";

    private static string Show(string text)
    {
        var shown = text.Length > 40 ? text[..20] + $"...({text.Length} chars)" : text;
        return System.Text.Json.JsonSerializer.Serialize(shown);
    }
}
