namespace NumAgents.Instrumentation;

/// <summary>
/// Marks the parameter of a <see cref="ToolAttribute"/> method whose value is the model's tool call id:
/// it becomes the span attribute <c>gen_ai.tool.call.id</c> (never a metric label: every call has its own).
/// </summary>
[AttributeUsage(AttributeTargets.Parameter, Inherited = false)]
public sealed class ToolCallIdAttribute : Attribute
{
}
