namespace NumAgents.Instrumentation.Generators.Model;

/// <summary>
/// A <c>[SpanAttribute]</c> parameter or node property: its key, and the C# expression that reads its value where the
/// generated code runs (a parameter name or <c>this.Property</c>).
/// </summary>
internal readonly record struct SpanAttributeSpec(string Key, string ValueExpression);
