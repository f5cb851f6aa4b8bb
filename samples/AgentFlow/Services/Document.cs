namespace AgentFlow.Services;

/// <summary>A passage the knowledge base returned, with its relevance score.</summary>
public sealed record Document(string Id, string Text, double Score);
