namespace NumAgents.Instrumentation.Generators.Model;

/// <summary>
/// Where a call is intercepted: Roslyn's <c>InterceptableLocation</c> reduced to its parts (version
/// and opaque data for the attribute, a readable file(line,column) for the comment).
/// </summary>
internal readonly record struct InterceptLocationSpec(int Version, string Data, string Display);
