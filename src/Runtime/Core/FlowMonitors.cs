using NumAgents.Instrumentation.Internal;

namespace NumAgents.Core;

/// <summary>
/// How the engine finds the ambient <see cref="IFlowMonitor"/> (for a flow without
/// <see cref="Flow.Monitor"/>, and for a node's retries and decisions) without knowing what implements it:
/// the monitoring layer installs the resolver when the assembly loads. Every call into a monitor is contained.
/// </summary>
internal static class FlowMonitors
{
    private static Func<IFlowMonitor?>? _resolver;

    /// <summary>The ambient monitor, or <see langword="null"/> when there is none.</summary>
    public static IFlowMonitor? Current
    {
        get
        {
            try
            {
                return Volatile.Read(ref _resolver)?.Invoke();
            }
            catch (Exception exception)
            {
                Report(exception);
                return null;
            }
        }
    }

    /// <summary>The ambient monitor's clock, or the system clock.</summary>
    public static TimeProvider CurrentTimeProvider => Current?.TimeProvider ?? TimeProvider.System;

    public static void SetResolver(Func<IFlowMonitor?> resolver) => Volatile.Write(ref _resolver, resolver);

    /// <summary>Reports a retry to the ambient monitor.</summary>
    public static void NodeRetrying(Node node, int failedAttempt, TimeSpan delay, Exception exception)
    {
        try
        {
            Current?.NodeRetrying(node, failedAttempt, delay, exception);
        }
        catch (Exception failure)
        {
            Report(failure);
        }
    }

    /// <summary>Reports a conditional decision to the ambient monitor.</summary>
    public static void ConditionDecided(ConditionalNode node, bool decision, Node? next)
    {
        try
        {
            Current?.ConditionDecided(node, decision, next);
        }
        catch (Exception failure)
        {
            Report(failure);
        }
    }

    public static void Report(Exception exception) => InstrumentationEventSource.Log.InstrumentationFailed("flow.monitor", exception);
}
