namespace NumAgents.Instrumentation.Generators.Model;

/// <summary>A type parameter of an interceptor and its constraint clause (empty when unconstrained).</summary>
internal readonly record struct TypeParameterSpec(string Name, string Constraints);
