using AgentFlow.Services;
using NumAgents.Core;
using NumAgents.Instrumentation;

namespace AgentFlow.Nodes;

/// <summary>Finds the passages relevant to the question: a <c>retrieval</c> in the GenAI conventions.</summary>
[Retrieval("weather"), Timed, Counted]
public sealed partial class RetrieveNode(KnowledgeBase knowledge) : AsyncNode("retrieve")
{
    protected override async Task<NodeResult> ExecAsync(SharedStore shared, CancellationToken cancellationToken)
    {
        var question = shared.GetRequired<string>("question");
        var documents = await knowledge.SearchAsync("weather", question, cancellationToken: cancellationToken);
        shared.Set("documents", documents);
        return new() { ["documents"] = documents.Count };
    }
}
