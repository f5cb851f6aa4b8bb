namespace NumAgents.Instrumentation.Tests.Reliability;

/// <summary>
/// The stress run measures the managed heap, so it runs alone: xunit starts collections that disable
/// parallelization only after every parallel collection has finished.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class StressCollection
{
    public const string Name = "Reliability: stress (runs alone)";
}
