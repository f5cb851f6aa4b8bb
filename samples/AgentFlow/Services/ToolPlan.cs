namespace AgentFlow.Services;

/// <summary>The tool call the planner asked for: its id (from the model), the tool and its argument.</summary>
public sealed record ToolPlan(string CallId, string Tool, string City);
