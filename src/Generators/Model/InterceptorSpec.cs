using NumAgents.Instrumentation.Generators.Helpers;

namespace NumAgents.Instrumentation.Generators.Model;

/// <summary>One attributed method and every call to it that its interceptor replaces.</summary>
internal sealed record InterceptorSpec(MethodSpec Method, EquatableArray<InterceptLocationSpec> Locations);
