namespace NumAgents.Instrumentation.Generators.Model;

/// <summary>What the consuming project allows.</summary>
/// <param name="CanGenerate">The language version has collection expressions (C# 12), which generated code uses.</param>
/// <param name="CanIntercept">Also, the project lists our namespace in <c>InterceptorsNamespaces</c>.</param>
internal readonly record struct GeneratorOptions(bool CanGenerate, bool CanIntercept);
