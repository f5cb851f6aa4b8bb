using NumAgents.Instrumentation;

namespace AgentFlow.Services;

/// <summary>A tiny in-memory retriever: keyword overlap over a few passages per index.</summary>
public sealed class KnowledgeBase
{
    private static readonly Dictionary<string, Document[]> _indexes = new(StringComparer.Ordinal)
    {
        ["weather"] =
        [
            new("w1", "Paris forecast: rain likely tomorrow afternoon, 14 C.", 0),
            new("w2", "An umbrella is advised when the chance of rain exceeds 40%.", 0),
            new("w3", "Lyon forecast: sunny spells, 19 C.", 0),
        ],
        ["travel"] =
        [
            new("t1", "Paris metro runs until 00:40 on weekdays.", 0),
        ],
    };

    /// <summary>
    /// Ranks the passages of <paramref name="index"/> by the words they share with <paramref name="query"/>.
    /// The generator intercepts every call: one span, a timer and a counter labelled by index.
    /// </summary>
    [Traced]
    [Timed("knowledge.search.duration", Description = "Knowledge base search time, by index")]
    [Counted("knowledge.searches", Description = "Knowledge base searches by index and outcome")]
    public async Task<IReadOnlyList<Document>> SearchAsync([Label] string index, string query, int top = 2, CancellationToken cancellationToken = default)
    {
        await Task.Delay(8, cancellationToken);
        var words = query.Split([' ', '?', ','], StringSplitOptions.RemoveEmptyEntries).Select(w => w.ToLowerInvariant()).ToHashSet();
        return [.. _indexes.GetValueOrDefault(index, [])
            .Select(d => d with { Score = d.Text.Split([' ', '.', ',', ':'], StringSplitOptions.RemoveEmptyEntries).Count(w => words.Contains(w.ToLowerInvariant())) })
            .Where(d => d.Score > 0)
            .OrderByDescending(d => d.Score)
            .Take(top)];
    }
}
