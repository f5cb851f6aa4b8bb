namespace NumAgents.Instrumentation.Package.Tests.Aspire;

/// <summary>
/// A list answer of the API: its <c>data</c> flattened into <see cref="Items"/>, with
/// <c>totalCount</c> (all matches) and <c>returnedCount</c> (after <c>limit</c>, which keeps the newest).
/// The counts are of what the endpoint lists: traces for <c>/traces</c> (whose items are still spans),
/// spans for <c>/spans</c> and <c>/traces/{id}</c>, log records for <c>/logs</c>.
/// </summary>
public sealed record TelemetryPage<T>(IReadOnlyList<T> Items, int TotalCount, int ReturnedCount)
{
    public static TelemetryPage<T> Empty { get; } = new([], 0, 0);

    /// <summary>True when <c>limit</c> cut matches off.</summary>
    public bool IsTruncated => ReturnedCount < TotalCount;
}
