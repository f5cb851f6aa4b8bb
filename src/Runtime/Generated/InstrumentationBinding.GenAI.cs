namespace NumAgents.Instrumentation.Generated;

/// <summary>The GenAI side of a binding: conventions' attributes and span names, and what an LLM call records.</summary>
public sealed partial class InstrumentationBinding
{
    /// <summary>
    /// The attribute an LLM call's span gains from its result: the response model (the usage attributes are
    /// derived from the span's usage when read, and take no room).
    /// </summary>
    private const int LlmCallAttributeCount = 1;

    /// <summary>
    /// Records the usage an LLM call's result reports: the span's tokens and cost (summed into the node's
    /// and flow's spans), the token histogram, the cost counter and the monitor's totals. When calls made
    /// inside the span already reported usage (a chat client under <c>UseOpenTelemetry()</c> or
    /// <c>UseNumAgentsInstrumentation()</c>), the result restates those calls and is not counted again.
    /// </summary>
    internal void RecordUsage(Span? span, TokenUsage? usage, string? responseModel)
    {
        try
        {
            if (span is { IsRecording: true } && responseModel is not null) span.SetAttribute(GenAIConventions.ResponseModel, responseModel);
            if (usage is not { } tokens) return;
            if (RecordedElsewhere(span)) return;
            _ = Monitor.GenAIRecorder.RecordCall(span is { IsRecording: true } ? span : null, tokens, Site.GenAIOperation, Site.Provider, Site.RequestModel, responseModel);
        }
        catch (Exception exception)
        {
            Monitor.ReportInstrumentationFailure(Component, exception);
        }
    }

    /// <summary>The conventions' span name, when the monitor uses them and the site is a GenAI operation.</summary>
    private static string? GenAISpanName(InstrumentationSite site, string? nodeName, bool useConventionNames)
    {
        if (!useConventionNames || site.GenAIOperation is not { } operation) return null;
        var name = operation switch
        {
            GenAIConventions.InvokeAgent or GenAIConventions.ExecuteTool => site.GenAIName ?? nodeName ?? site.MethodName,
            GenAIConventions.Retrieval => site.DataSource,
            _ => site.RequestModel,
        };
        return name is null ? operation : operation + " " + name;
    }

    private static SpanKind GenAISpanKind(InstrumentationSite site) => site.IsLlmCall ? SpanKind.Client : SpanKind.Internal;

    /// <summary>The conventions' span attributes of the site (constant per binding).</summary>
    private static (string Key, string Value)[] GenAIAttributes(InstrumentationSite site, string? nodeName)
    {
        if (site.GenAIOperation is not { } operation) return [];
        var attributes = new List<(string Key, string Value)> { (GenAIConventions.OperationName, operation) };
        var name = site.GenAIName ?? nodeName ?? site.MethodName;
        switch (operation)
        {
            case GenAIConventions.InvokeAgent:
                if (name is not null) attributes.Add((GenAIConventions.AgentName, name));
                if (site.AgentId is { } id) attributes.Add((GenAIConventions.AgentId, id));
                if (site.GenAIDescription is { } agentDescription) attributes.Add((GenAIConventions.AgentDescription, agentDescription));
                break;
            case GenAIConventions.ExecuteTool:
                if (name is not null) attributes.Add((GenAIConventions.ToolName, name));
                attributes.Add((GenAIConventions.ToolType, site.ToolType ?? "function"));
                if (site.GenAIDescription is { } toolDescription) attributes.Add((GenAIConventions.ToolDescription, toolDescription));
                break;
            case GenAIConventions.Retrieval:
                if (site.DataSource is { } source) attributes.Add((GenAIConventions.DataSourceId, source));
                break;
            default:
                if (site.Provider is { } provider) attributes.Add((GenAIConventions.ProviderName, provider));
                if (site.RequestModel is { } model) attributes.Add((GenAIConventions.RequestModel, model));
                break;
        }

        return [.. attributes];
    }

    /// <summary>
    /// Whether the call this span is was recorded already: by a span under it (a chat client's <c>chat</c>
    /// span), or on it by an integration (a chat client middleware with no span of its own).
    /// </summary>
    private static bool RecordedElsewhere(Span? span) => span?.Usage is { HasCallInside: true } or { HasReportedCall: true };

    /// <summary>Records the call's duration, unless it was recorded elsewhere (<see cref="RecordedElsewhere"/>).</summary>
    private void RecordLlmDuration(Span? span, double seconds, Exception? exception)
    {
        if (RecordedElsewhere(span)) return;
        Monitor.GenAIRecorder.RecordDuration(span, seconds, Site.GenAIOperation, Site.Provider, Site.RequestModel, exception?.GetType().FullName);
    }
}
