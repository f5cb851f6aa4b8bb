namespace NumAgents.Instrumentation;

/// <summary>Restores the previous <see cref="AgentMonitor.Current"/> when disposed.</summary>
public readonly struct MonitorScope : IDisposable
{
    private readonly AgentMonitor? _previous;
    private readonly AgentMonitor? _monitor;

    internal MonitorScope(AgentMonitor? previous, AgentMonitor monitor)
    {
        _previous = previous;
        _monitor = monitor;
    }

    /// <summary>The monitor this scope made current.</summary>
    public AgentMonitor? Monitor => _monitor;

    /// <summary>Makes the previous monitor current again.</summary>
    public void Dispose()
    {
        if (_monitor is not null) AgentMonitor.Restore(_previous);
    }
}
