namespace NumAgents.Instrumentation.Hosting.Tests.App;

/// <summary>The tool the scripted model calls; instrumented, and reached only through Microsoft.Extensions.AI's function invocation.</summary>
public static class WeatherTools
{
    [Traced("weather.lookup")]
    public static string Forecast(string city) => city + ": rain";
}
