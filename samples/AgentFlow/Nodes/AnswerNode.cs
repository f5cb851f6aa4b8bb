using AgentFlow.Services;
using NumAgents.Core;
using NumAgents.Instrumentation;

namespace AgentFlow.Nodes;

/// <summary>The writer agent: answers the question from the tool's observation with one LLM call.</summary>
[Agent("writer", Description = "Writes the answer from the observation"), Timed, Counted]
public sealed partial class AnswerNode(Assistant assistant) : AsyncNode("answer")
{
    protected override async Task<NodeResult> ExecAsync(SharedStore shared, CancellationToken cancellationToken)
    {
        var response = await assistant.AnswerAsync(shared.GetRequired<string>("question"), shared.GetRequired<string>("observation"), cancellationToken);
        return new() { ["answer"] = response.Text };
    }
}
