using Microsoft.CodeAnalysis;

namespace NumAgents.Instrumentation.Analyzers.Internal;

/// <summary>One place that uses a metric name as a given kind: a metrics call, or an attribute's generated metric.</summary>
internal readonly struct NameUsage
{
    public NameUsage(string name, MetricKind kind, string? unit, Location location)
    {
        Name = name;
        Kind = kind;
        Unit = unit;
        Location = location;
    }

    public string Name { get; }

    public MetricKind Kind { get; }

    /// <summary>The unit written with it (a constant <c>unit:</c> argument or <c>[Counted(Unit = ...)]</c>), which is part of its exported names.</summary>
    public string? Unit { get; }

    public Location Location { get; }
}
