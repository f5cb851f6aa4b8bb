using System.Globalization;

namespace NumAgents.Instrumentation.Tests.Reliability;

/// <summary>
/// How long the stress run records. CI runs a short burst; <c>NUMAGENTS_SOAK_SECONDS</c> turns the same
/// test into a soak run of any length (see docs/reliability.md).
/// </summary>
internal static class StressSettings
{
    public const string SoakVariable = "NUMAGENTS_SOAK_SECONDS";

    private static readonly TimeSpan CiDuration = TimeSpan.FromSeconds(8);

    public static TimeSpan Duration
    {
        get
        {
            var text = Environment.GetEnvironmentVariable(SoakVariable);
            if (string.IsNullOrWhiteSpace(text)) return CiDuration;
            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) || !(seconds > 0))
            {
                throw new InvalidOperationException($"{SoakVariable} must be a positive number of seconds, got '{text}'.");
            }

            return TimeSpan.FromSeconds(seconds);
        }
    }
}
