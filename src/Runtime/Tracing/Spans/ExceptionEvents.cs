namespace NumAgents.Instrumentation.Tracing;

/// <summary>The <c>exception</c> event of the OpenTelemetry semantic conventions, as our own spans record it.</summary>
internal static class ExceptionEvents
{
    public const string Name = "exception";

    public static ReadOnlyAttributes Attributes(Exception exception, string type) => ReadOnlyAttributes.From(
    [
        new("exception.type", type),
        new("exception.message", exception.Message),
        new("exception.stacktrace", exception.ToString()),
    ]);
}
