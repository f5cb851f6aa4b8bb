using Microsoft.Extensions.Logging;
using NumAgents.Instrumentation;

namespace AgentFlow.Services;

/// <summary>
/// A remote tool behind a flaky network: the first <c>failuresBeforeSuccess</c> calls time out, the
/// next ones answer. Lets the sample show a failure, a retry and the recovery in one run.
/// </summary>
/// <param name="failuresBeforeSuccess">How many calls fail before one succeeds.</param>
public sealed class WeatherTool(int failuresBeforeSuccess)
{
    private int _calls;

    /// <summary>
    /// Calls the tool: an <c>execute_tool get_weather</c> span (the model's call id on it), a timer and a
    /// count by tool and outcome.
    /// </summary>
    [Tool("get_weather", Description = "Tomorrow's forecast for a city.")]
    [Timed, Counted("tool.calls", Description = "Tool calls by tool and outcome")]
    public async Task<string> CallAsync([Label] string tool, string city, [ToolCallId] string callId, CancellationToken cancellationToken = default)
    {
        var call = Interlocked.Increment(ref _calls);
        await Task.Delay(12, cancellationToken);
        if (call <= failuresBeforeSuccess)
        {
            AgentMonitor.Current.Log(LogLevel.Warning, "tool call timed out", new Dictionary<string, object?> { ["tool"] = tool, ["attempt"] = call, ["tool_call_id"] = callId });
            throw new TimeoutException($"{tool} did not answer within 10 ms (attempt {call})");
        }

        return $"{city}: 80% chance of rain tomorrow, 14 C";
    }
}
