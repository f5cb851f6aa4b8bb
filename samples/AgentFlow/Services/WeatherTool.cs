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

    /// <summary>Calls the tool; every call is a span and a count by tool and outcome.</summary>
    [Traced, Timed, Counted("tool.calls", Description = "Tool calls by tool and outcome")]
    public async Task<string> CallAsync([Label] string tool, string city, CancellationToken cancellationToken = default)
    {
        var call = Interlocked.Increment(ref _calls);
        await Task.Delay(12, cancellationToken);
        if (call <= failuresBeforeSuccess) throw new TimeoutException($"{tool} did not answer within 10 ms (attempt {call})");
        return $"{city}: 80% chance of rain tomorrow, 14 C";
    }
}
