using AgentFlow.Services;
using NumAgents.Core;
using NumAgents.Instrumentation;

namespace AgentFlow.Nodes;

/// <summary>Decides which tool to call, and with what, from the question and the passages.</summary>
[Traced, Timed, Counted]
public sealed partial class PlanNode() : Node("plan")
{
    /// <summary>The planning model; a label of this node's metrics and an attribute of its span.</summary>
    [Label]
    public string Model { get; init; } = "planner-small";

    protected override NodeResult Exec(SharedStore shared)
    {
        var documents = shared.GetRequired<IReadOnlyList<Document>>("documents");
        var city = documents.Select(d => d.Text.Split(' ')[0]).FirstOrDefault() ?? "Paris";
        shared.Set("plan", new ToolPlan("weather_api", city.TrimEnd(':')));
        return new() { ["tool"] = "weather_api", ["city"] = city };
    }
}
