using AgentFlow.Services;
using NumAgents.Core;
using NumAgents.Instrumentation;

namespace AgentFlow.Nodes;

/// <summary>
/// Runs the tool the planner chose. The node retries a failed attempt (see <see cref="Node.MaxRetries"/>),
/// so its one span covers every attempt: each tool call is a child <c>execute_tool</c> span, each wait a
/// <c>retry</c> event.
/// </summary>
[Traced, Timed, Counted]
public sealed partial class ToolCallNode(WeatherTool weather) : AsyncNode("call_tool")
{
    protected override async Task<NodeResult> ExecAsync(SharedStore shared, CancellationToken cancellationToken)
    {
        var plan = shared.GetRequired<ToolPlan>("plan");
        var observation = await weather.CallAsync(plan.Tool, plan.City, plan.CallId, cancellationToken);
        shared.Set("observation", observation);
        return new() { ["observation"] = observation };
    }
}
