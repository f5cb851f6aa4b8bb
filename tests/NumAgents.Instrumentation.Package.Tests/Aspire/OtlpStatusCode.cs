namespace NumAgents.Instrumentation.Package.Tests.Aspire;

/// <summary>OTLP <c>Status.code</c>; the dashboard omits <c>status</c> entirely for <see cref="Unset"/>.</summary>
public enum OtlpStatusCode
{
    Unset = 0,
    Ok = 1,
    Error = 2,
}
