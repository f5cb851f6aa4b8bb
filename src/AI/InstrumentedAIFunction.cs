using System.Diagnostics;
using Microsoft.Extensions.AI;

namespace NumAgents.Instrumentation.AI;

/// <summary>
/// A tool that records each invocation as an <c>execute_tool</c> span (the GenAI conventions:
/// <c>gen_ai.tool.name</c>, <c>gen_ai.tool.type</c>, <c>gen_ai.tool.call.id</c>, <c>error.type</c>), for
/// tools Microsoft.Extensions.AI's function invocation calls through a delegate, which interceptors cannot
/// reach. When function invocation already made an <c>execute_tool</c> activity for the call (it does
/// when its telemetry is on), that activity is the record and no second span is made.
/// </summary>
public sealed class InstrumentedAIFunction : DelegatingAIFunction
{
    private readonly AgentMonitor? _monitor;

    /// <summary>Wraps <paramref name="function"/>.</summary>
    /// <param name="function">The tool.</param>
    /// <param name="monitor">The monitor to record into; <see langword="null"/>: <see cref="AgentMonitor.Current"/> at each call.</param>
    public InstrumentedAIFunction(AIFunction function, AgentMonitor? monitor = null)
        : base(function)
    {
        _monitor = monitor;
    }

    /// <inheritdoc/>
    protected override async ValueTask<object?> InvokeCoreAsync(AIFunctionArguments arguments, CancellationToken cancellationToken)
    {
        if (Activity.Current is { } current && current.OperationName.StartsWith(GenAIConventions.ExecuteTool, StringComparison.Ordinal) && Equals(current.GetTagItem(GenAIConventions.ToolName), Name))
        {
            return await base.InvokeCoreAsync(arguments, cancellationToken).ConfigureAwait(false);
        }

        var monitor = _monitor ?? AgentMonitor.Current;
        var span = Start(monitor);
        try
        {
            var result = await base.InvokeCoreAsync(arguments, cancellationToken).ConfigureAwait(false);
            Finish(monitor, span, exception: null);
            return result;
        }
        catch (Exception exception) when (Finish(monitor, span, exception))
        {
            throw;
        }
    }

    private Span? Start(AgentMonitor monitor)
    {
        try
        {
            var span = monitor.Tracer.Span(monitor.Options.UseGenAISpanNames ? GenAIConventions.ExecuteTool + " " + Name : "tool." + Name)
                .SetAttribute(GenAIConventions.OperationName, GenAIConventions.ExecuteTool)
                .SetAttribute(GenAIConventions.ToolName, Name)
                .SetAttribute(GenAIConventions.ToolType, "function");
            if (!string.IsNullOrEmpty(Description)) span.SetAttribute(GenAIConventions.ToolDescription, Description);
            if (FunctionInvokingChatClient.CurrentContext?.CallContent.CallId is { } callId) span.SetAttribute(GenAIConventions.ToolCallId, callId);
            return span;
        }
        catch (Exception failure)
        {
            monitor.ReportInstrumentationFailure("ai.tool", failure);
            return null;
        }
    }

    // Runs as an exception filter for a failed call, so it must never throw and always returns false: the
    // tool's exception reaches function invocation unchanged.
    private static bool Finish(AgentMonitor monitor, Span? span, Exception? exception)
    {
        if (span is null) return false;
        try
        {
            if (exception is null)
            {
                span.Finish();
                return false;
            }

            span.RecordException(exception);
            span.SetAttribute(GenAIConventions.ErrorType, exception.GetType().FullName);
            span.Finish(SpanStatus.Error);
        }
        catch (Exception failure)
        {
            monitor.ReportInstrumentationFailure("ai.tool", failure);
        }

        return false;
    }
}
