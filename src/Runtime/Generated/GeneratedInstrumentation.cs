namespace NumAgents.Instrumentation;

/// <summary>
/// The process-wide switch for the code the source generator compiles from <see cref="TracedAttribute"/>,
/// <see cref="TimedAttribute"/> and <see cref="CountedAttribute"/>.
/// </summary>
/// <remarks>
/// <para>
/// When <see cref="IsEnabled"/> is <see langword="false"/>, every instrumented node and method calls
/// straight through: generated code reads this one static field and nothing else, not even the ambient
/// monitor, so the cost is a load and a branch. A disabled <see cref="AgentMonitor"/> (metrics and
/// tracing off) also records nothing, but finding out which monitor is current costs an async-local read.
/// </para>
/// <para>
/// The initial value comes from the <c>NumAgents.Instrumentation.GeneratedInstrumentation.IsEnabled</c>
/// runtime configuration switch (for example
/// <c>&lt;RuntimeHostConfigurationOption Include="NumAgents.Instrumentation.GeneratedInstrumentation.IsEnabled" Value="false" /&gt;</c>
/// in the application's project file); it is <see langword="true"/> when the switch is not set.
/// </para>
/// </remarks>
public static class GeneratedInstrumentation
{
    /// <summary>The runtime configuration switch that sets <see cref="IsEnabled"/> at startup.</summary>
    public const string SwitchName = "NumAgents.Instrumentation.GeneratedInstrumentation.IsEnabled";

    // A plain field on purpose: generated code reads it on every call, and a change needs no more than
    // eventual visibility.
    private static bool _enabled = !AppContext.TryGetSwitch(SwitchName, out var enabled) || enabled;

    /// <summary>Whether generated instrumentation records; settable at any time.</summary>
    public static bool IsEnabled
    {
        get => _enabled;
        set => _enabled = value;
    }
}
