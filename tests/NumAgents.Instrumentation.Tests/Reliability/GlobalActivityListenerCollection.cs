namespace NumAgents.Instrumentation.Tests.Reliability;

/// <summary>
/// An <see cref="System.Diagnostics.ActivityListener"/> is process-wide: while one is registered every
/// span in every test is offered to it, which changes what those spans allocate. Tests that register
/// one therefore run alone, after the parallel collections.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class GlobalActivityListenerCollection
{
    public const string Name = "Process-wide activity listeners (runs alone)";
}
