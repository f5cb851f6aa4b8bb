using Microsoft.CodeAnalysis;

namespace NumAgents.Instrumentation.Validation;

/// <summary>What one <c>[Traced]</c>, <c>[Timed]</c> or <c>[Counted]</c> asked for, read without judging the member it is on.</summary>
internal sealed class InstrumentReading
{
    public InstrumentReading(
        InstrumentAttributeKind kind,
        AttributeData attribute,
        string? name,
        string? description,
        ExtraLabel[] extraLabels,
        double[] buckets,
        bool recordOutcome,
        bool recordFailuresOnly,
        string? unit)
    {
        Kind = kind;
        Attribute = attribute;
        Name = name;
        Description = description;
        ExtraLabels = extraLabels;
        Buckets = buckets;
        RecordOutcome = recordOutcome;
        RecordFailuresOnly = recordFailuresOnly;
        Unit = unit;
    }

    public InstrumentAttributeKind Kind { get; }

    public AttributeData Attribute { get; }

    /// <summary>The name given, or <see langword="null"/> for the default.</summary>
    public string? Name { get; }

    public string? Description { get; }

    /// <summary>The well-formed entries of <c>ExtraLabels</c>, in order.</summary>
    public ExtraLabel[] ExtraLabels { get; }

    /// <summary><c>[Timed]</c>'s bucket bounds; empty for the monitor's default.</summary>
    public double[] Buckets { get; }

    /// <summary><c>[Timed(RecordOutcome = true)]</c>.</summary>
    public bool RecordOutcome { get; }

    /// <summary><c>[Counted(RecordFailuresOnly = true)]</c>.</summary>
    public bool RecordFailuresOnly { get; }

    /// <summary><c>[Counted(Unit = ...)]</c>; <see langword="null"/> for none.</summary>
    public string? Unit { get; }
}
