namespace NumAgents.Instrumentation.Generators.Helpers;

/// <summary>Names of the pipeline steps, so tests can assert each one is cached after an unrelated edit.</summary>
internal static class TrackingNames
{
    public const string Options = nameof(Options);
    public const string TracedNodes = nameof(TracedNodes);
    public const string TimedNodes = nameof(TimedNodes);
    public const string CountedNodes = nameof(CountedNodes);
    public const string AgentNodes = nameof(AgentNodes);
    public const string ToolNodes = nameof(ToolNodes);
    public const string RetrievalNodes = nameof(RetrievalNodes);
    public const string WithOptionsSuffix = "WithOptions";
    public const string GeneratedSuffix = "Generated";
    public const string SpecSuffix = "Specs";
    public const string CallSites = nameof(CallSites);
    public const string InstrumentedCallSites = nameof(InstrumentedCallSites);
    public const string InstrumentedCallSiteSpecs = nameof(InstrumentedCallSiteSpecs);
    public const string AllCallSites = nameof(AllCallSites);
    public const string AllCallSitesWithOptions = nameof(AllCallSitesWithOptions);
    public const string Interceptors = nameof(Interceptors);
}
