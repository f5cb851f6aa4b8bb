namespace NumAgents.Instrumentation.Generators.Model;

/// <summary>A constant label (or span attribute) from an attribute's <c>ExtraLabels</c>.</summary>
internal readonly record struct LabelSpec(string Key, string Value);
