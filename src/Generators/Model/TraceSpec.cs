using NumAgents.Instrumentation.Generators.Helpers;

namespace NumAgents.Instrumentation.Generators.Model;

/// <summary>What <c>[Traced]</c> asked for. Immutable and value-equal, or caching breaks.</summary>
/// <param name="Name">The effective span name; <see langword="null"/> for a node's default <c>node.{Name}</c>.</param>
/// <param name="ExtraAttributes">Constant span attributes.</param>
/// <param name="NameIsExplicit">Whether the user named the span in <c>[Traced("name")]</c>.</param>
internal sealed record TraceSpec(string? Name, EquatableArray<LabelSpec> ExtraAttributes, bool NameIsExplicit = false);
