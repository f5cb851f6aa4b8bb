namespace NumAgents.Instrumentation.Package.Tests.Aspire;

/// <summary>The OTLP resource a span or log came from: <c>resource.attributes</c> of its <c>resourceSpans</c>/<c>resourceLogs</c> entry.</summary>
/// <param name="ServiceName">The <c>service.name</c> attribute.</param>
/// <param name="ServiceInstanceId">The <c>service.instance.id</c> attribute; the dashboard writes it as an empty value when the sender had none.</param>
/// <param name="Attributes">Every resource attribute, in the order the dashboard wrote them.</param>
public sealed record OtlpResource(string ServiceName, string? ServiceInstanceId, IReadOnlyList<KeyValuePair<string, string>> Attributes);
