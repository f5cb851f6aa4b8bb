using NumAgents.Instrumentation.AI;

namespace Microsoft.Extensions.AI;

/// <summary>Adds NumAgents instrumentation to a Microsoft.Extensions.AI chat client pipeline.</summary>
public static class NumAgentsChatClientBuilderExtensions
{
    /// <summary>
    /// Records each chat call (tokens, models, duration, errors, cost) into the monitor and the current
    /// span, with or without an OpenTelemetry SDK and beside <c>UseOpenTelemetry()</c> without a second span
    /// per call (see <see cref="InstrumentedChatClient"/>).
    /// </summary>
    /// <param name="builder">The pipeline.</param>
    /// <param name="monitor">The monitor to record into; <see langword="null"/>: the ambient <c>AgentMonitor.Current</c>.</param>
    public static ChatClientBuilder UseNumAgentsInstrumentation(this ChatClientBuilder builder, NumAgents.Instrumentation.AgentMonitor? monitor = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Use(inner => new InstrumentedChatClient(inner, monitor));
    }

    /// <summary>Wraps a tool so each invocation records an <c>execute_tool</c> span (see <see cref="InstrumentedAIFunction"/>).</summary>
    /// <param name="function">The tool.</param>
    /// <param name="monitor">The monitor to record into; <see langword="null"/>: the ambient <c>AgentMonitor.Current</c>.</param>
    public static AIFunction WithNumAgentsInstrumentation(this AIFunction function, NumAgents.Instrumentation.AgentMonitor? monitor = null)
    {
        ArgumentNullException.ThrowIfNull(function);
        return function as InstrumentedAIFunction ?? new InstrumentedAIFunction(function, monitor);
    }
}
