using NumAgents.Instrumentation.Generators.Helpers;

namespace NumAgents.Instrumentation.Generators.Model;

/// <summary>One parameter of an interceptor.</summary>
/// <param name="Name">The name in the interceptor (escaped with <c>@</c> when it is a keyword).</param>
/// <param name="Type">The fully qualified type.</param>
/// <param name="Modifiers">What precedes the type in the declaration: <c>scoped ref </c>, <c>out </c>, <c>in </c>...</param>
/// <param name="ArgumentModifier">What precedes the name when it is passed on: <c>ref </c>, <c>out </c>, <c>in </c> or nothing.</param>
/// <param name="Attributes">The parameter's nullable-analysis attributes (<c>NotNullWhen(true)</c>...), which the interceptor repeats.</param>
internal readonly record struct ParameterSpec(string Name, string Type, string Modifiers, string ArgumentModifier, EquatableArray<AttributeSpec> Attributes);
