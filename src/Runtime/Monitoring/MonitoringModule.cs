using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using NumAgents.Core;

namespace NumAgents.Instrumentation.Monitoring;

/// <summary>
/// Wires the layers of this assembly when it loads: the flow engine (which knows only
/// <see cref="IFlowMonitor"/>) finds the ambient monitor through <see cref="AgentMonitor.Current"/>.
/// </summary>
internal static class MonitoringModule
{
    [ModuleInitializer]
    [SuppressMessage("Usage", "CA2255:The 'ModuleInitializer' attribute should not be used in libraries", Justification = "The assembly wires its own layers; nothing outside it runs, and a flow that runs before any monitor is touched must still find the ambient one.")]
    internal static void Initialize() => FlowMonitors.SetResolver(static () => AgentMonitor.Current);
}
