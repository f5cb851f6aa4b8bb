namespace AgentFlow.Services;

/// <summary>The tool the planner chose and its argument.</summary>
public sealed record ToolPlan(string Tool, string City);
