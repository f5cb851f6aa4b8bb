namespace NumAgents.Instrumentation.Package.Tests.Aspire;

/// <summary>
/// One entry of <c>GET /api/telemetry/resources</c>: a sender, keyed by <c>service.name</c> and
/// <c>service.instance.id</c>. <see cref="HasMetrics"/> is the only thing the API tells about metrics:
/// there is no metrics endpoint.
/// </summary>
/// <param name="InstanceId">Absent (null) when the sender set no <c>service.instance.id</c>.</param>
/// <param name="DisplayName"><c>name-instanceId</c> when there is an instance id, else the name.</param>
public sealed record DashboardResource(string Name, string? InstanceId, string DisplayName, bool HasLogs, bool HasTraces, bool HasMetrics);
