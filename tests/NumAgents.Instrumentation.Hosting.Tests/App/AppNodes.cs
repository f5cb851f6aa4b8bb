using NumAgents.Core;

namespace NumAgents.Instrumentation.Hosting.Tests.App;

/// <summary>A node an application instruments, as the README shows.</summary>
[Traced, Timed, Counted]
public sealed partial class HostedGreetNode : Node
{
    protected override NodeResult Exec(SharedStore shared) => new() { ["greeting"] = "hello " + shared.Get<string>("name") };
}

/// <summary>Methods an application instruments and calls outside any flow.</summary>
public static class HostedTools
{
    [Traced, Counted("hosted.tool.calls")]
    public static string Lookup([Label] string tool, string query) => $"{tool}: {query}";

    [Traced]
    public static async Task<string> FetchAsync(HttpClient client, Uri address)
    {
        using var response = await client.GetAsync(address).ConfigureAwait(false);
        return response.StatusCode.ToString();
    }
}

/// <summary>An async tool that fails after its caller moved on, as a remote call does.</summary>
public static class FlakyTools
{
    [Traced, Timed, Counted("flaky.calls")]
    public static async Task<string> CallAsync(string query)
    {
        await Task.Yield();
        throw new TimeoutException("no answer for " + query);
    }
}
