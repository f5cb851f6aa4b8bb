using NumAgents.Core;
using NumAgents.Instrumentation;

namespace AgentFlow.Nodes;

/// <summary>Writes the final answer from the tool's observation.</summary>
[Traced, Timed, Counted]
public sealed partial class AnswerNode() : Node("answer")
{
    protected override NodeResult Exec(SharedStore shared)
    {
        var observation = shared.GetRequired<string>("observation");
        var answer = observation.Contains("rain", StringComparison.OrdinalIgnoreCase)
            ? $"Yes, bring an umbrella ({observation})."
            : $"No umbrella needed ({observation}).";
        return new() { ["answer"] = answer };
    }
}
