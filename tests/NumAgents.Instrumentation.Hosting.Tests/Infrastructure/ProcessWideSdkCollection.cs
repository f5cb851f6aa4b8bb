namespace NumAgents.Instrumentation.Hosting.Tests.Infrastructure;

/// <summary>
/// An OpenTelemetry SDK listens to every matching source in the process (ASP.NET Core, HttpClient, ours)
/// while it lives, which changes what other tests' requests and spans do; tests that build one run alone.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessWideSdkCollection
{
    public const string Name = "Process-wide OpenTelemetry SDK (runs alone)";
}
