namespace NumAgents.Instrumentation.Package.Tests.Aspire;

/// <summary>The instrumentation scope (for .NET, the <c>ActivitySource</c> or logger category) of a span or log.</summary>
public sealed record OtlpScope(string Name, string? Version);
