using AgentFlow.Services;
using Microsoft.Extensions.AI;
using NumAgents.Core;
using NumAgents.Instrumentation;

namespace AgentFlow.Nodes;

/// <summary>
/// The planner agent: asks the model which tool to call, with what. Its span (<c>invoke_agent</c>) holds
/// the LLM call, and its tokens and cost are the sum of the calls made inside it.
/// </summary>
[Agent("planner", Description = "Chooses the tool that answers the question"), Timed, Counted]
public sealed partial class PlanNode(Assistant assistant) : AsyncNode("plan")
{
    protected override async Task<NodeResult> ExecAsync(SharedStore shared, CancellationToken cancellationToken)
    {
        var question = shared.GetRequired<string>("question");
        var documents = shared.GetRequired<IReadOnlyList<Document>>("documents");
        var response = await assistant.PlanAsync(question, documents, cancellationToken);
        var call = response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>().FirstOrDefault()
            ?? throw new InvalidOperationException("The planner asked for no tool.");
        var city = call.Arguments?.TryGetValue("city", out var value) == true ? value?.ToString() ?? "Paris" : "Paris";
        shared.Set("plan", new ToolPlan(call.CallId, call.Name, city));
        return new() { ["tool"] = call.Name, ["city"] = city };
    }
}
