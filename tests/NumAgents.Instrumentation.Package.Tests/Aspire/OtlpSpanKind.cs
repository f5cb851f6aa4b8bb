namespace NumAgents.Instrumentation.Package.Tests.Aspire;

/// <summary>OTLP <c>Span.kind</c> as the dashboard writes it (a number; not <see cref="System.Diagnostics.ActivityKind"/>, whose values differ).</summary>
public enum OtlpSpanKind
{
    Unspecified = 0,
    Internal = 1,
    Server = 2,
    Client = 3,
    Producer = 4,
    Consumer = 5,
}
