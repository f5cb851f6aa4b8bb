namespace NumAgents.Instrumentation.Monitoring;

/// <summary>
/// The monitors that dependency injection created (<c>AddNumAgentsMonitoring</c>), alive until their
/// container disposes them. When exactly one exists it is <see cref="AgentMonitor.Current"/> for code that
/// runs outside any monitor scope; with two (two hosts in one process, as integration tests run them),
/// none is guessed, and such code records into <see cref="AgentMonitor.GetMonitor"/>: each host's requests
/// and hosted services get their own monitor as a scope instead (see the hosting integration).
/// </summary>
internal static class HostMonitors
{
    private static readonly Lock _gate = new();
    private static AgentMonitor[] _registered = [];
    private static AgentMonitor? _sole;

    /// <summary>The one registered monitor, or <see langword="null"/> when there are none or several.</summary>
    public static AgentMonitor? Sole => Volatile.Read(ref _sole);

    public static void Register(AgentMonitor monitor)
    {
        lock (_gate)
        {
            if (Array.IndexOf(_registered, monitor) >= 0) return;
            _registered = [.. _registered, monitor];
            Volatile.Write(ref _sole, _registered.Length == 1 ? monitor : null);
        }
    }

    public static void Unregister(AgentMonitor monitor)
    {
        lock (_gate)
        {
            if (Array.IndexOf(_registered, monitor) < 0) return;
            _registered = [.. _registered.Where(m => !ReferenceEquals(m, monitor))];
            Volatile.Write(ref _sole, _registered.Length == 1 ? _registered[0] : null);
        }
    }
}
