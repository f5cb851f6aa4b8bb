using Microsoft.CodeAnalysis;

namespace NumAgents.Instrumentation.Analyzers.Internal;

/// <summary>One place that uses a metric name as a given kind: a metrics call, or an attribute's generated metric.</summary>
internal readonly struct NameUsage
{
    public NameUsage(string name, MetricKind kind, Location location)
    {
        Name = name;
        Kind = kind;
        Location = location;
    }

    public string Name { get; }

    public MetricKind Kind { get; }

    public Location Location { get; }
}
