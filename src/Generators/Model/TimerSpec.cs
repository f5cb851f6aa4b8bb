using NumAgents.Instrumentation.Generators.Helpers;

namespace NumAgents.Instrumentation.Generators.Model;

/// <summary>What <c>[Timed]</c> asked for. Immutable and value-equal, or caching breaks.</summary>
/// <param name="Name">The effective metric name.</param>
/// <param name="Description">The Prometheus help text.</param>
/// <param name="ExtraLabels">Constant labels.</param>
/// <param name="Buckets">Bucket bounds; empty for the monitor's default.</param>
/// <param name="RecordOutcome">Whether the timer is also labelled by outcome.</param>
internal sealed record TimerSpec(string Name, string? Description, EquatableArray<LabelSpec> ExtraLabels, EquatableArray<double> Buckets, bool RecordOutcome);
