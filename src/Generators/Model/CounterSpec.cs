using NumAgents.Instrumentation.Generators.Helpers;

namespace NumAgents.Instrumentation.Generators.Model;

/// <summary>What <c>[Counted]</c> asked for. Immutable and value-equal, or caching breaks.</summary>
/// <param name="Name">The effective metric name.</param>
/// <param name="Description">The Prometheus help text.</param>
/// <param name="ExtraLabels">Constant labels.</param>
/// <param name="RecordFailuresOnly">Whether successes are left uncounted.</param>
/// <param name="Unit">The counter's unit (<c>[Counted(Unit = ...)]</c>); <see langword="null"/> for none.</param>
internal sealed record CounterSpec(string Name, string? Description, EquatableArray<LabelSpec> ExtraLabels, bool RecordFailuresOnly, string? Unit);
