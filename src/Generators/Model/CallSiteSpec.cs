namespace NumAgents.Instrumentation.Generators.Model;

/// <summary>One call to an attributed method and the method it calls.</summary>
internal sealed record CallSiteSpec(MethodSpec Method, InterceptLocationSpec Location);
