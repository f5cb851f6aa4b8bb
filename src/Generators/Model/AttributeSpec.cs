using NumAgents.Instrumentation.Generators.Helpers;

namespace NumAgents.Instrumentation.Generators.Model;

/// <summary>
/// An attribute an interceptor repeats from the method it intercepts: its fully qualified type and its
/// constructor arguments as C# constants (<c>true</c>, <c>"value"</c>).
/// </summary>
internal readonly record struct AttributeSpec(string Type, EquatableArray<string> Arguments);
