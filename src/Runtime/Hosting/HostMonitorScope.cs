using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace NumAgents.Instrumentation.Hosting;

/// <summary>
/// Makes a host's monitor <see cref="AgentMonitor.Current"/> for the work of that host, with no user code:
/// its hosted services and, in an ASP.NET Core host, each request. Registered first among the host's
/// hosted services by <c>AddNumAgentsMonitoring</c>.
/// </summary>
/// <remarks>
/// <para>
/// Hosted services: the host starts them one after another from one async flow, so the monitor made
/// current here, in the first <see cref="StartAsync"/>, is current for every hosted service started after
/// it and for the work they start (a <c>BackgroundService</c>'s <c>ExecuteAsync</c>). With
/// <c>HostOptions.ServicesStartConcurrently</c> each service starts on a flow of its own; code there
/// records into the process's only registered monitor, when there is only one.
/// </para>
/// <para>
/// Requests: the web host's <see cref="DiagnosticListener"/> (<c>Microsoft.AspNetCore</c>, from the
/// container) announces each request on the request's own flow before any middleware runs; the monitor is
/// made current there. No ASP.NET Core assembly is referenced: the listener and its event names are the
/// diagnostics contract ASP.NET Core publishes. Each host has its own listener, so two hosts in one process
/// (integration tests) never record into each other's monitor.
/// </para>
/// </remarks>
internal sealed class HostMonitorScope(IServiceProvider services) : IHostedService, IObserver<KeyValuePair<string, object?>>
{
    private const string RequestActivity = "Microsoft.AspNetCore.Hosting.HttpRequestIn";
    private const string RequestStart = RequestActivity + ".Start";

    private AgentMonitor? _monitor;
    private IDisposable? _subscription;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var monitor = _monitor = services.GetRequiredService<AgentMonitor>();

        // Not async on purpose: the change to the current monitor must stay on the host's starting flow.
        AgentMonitor.SetAmbient(monitor);
        if (services.GetService<DiagnosticListener>() is { Name: "Microsoft.AspNetCore" } listener)
        {
            _subscription = listener.Subscribe(this, static (name, _, _) => name is RequestActivity or RequestStart);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _subscription?.Dispose();
        _subscription = null;
        return Task.CompletedTask;
    }

    void IObserver<KeyValuePair<string, object?>>.OnNext(KeyValuePair<string, object?> value)
    {
        // Raised synchronously on the request's flow, before the pipeline runs: the request runs in this scope.
        if (value.Key == RequestStart && _monitor is { } monitor) AgentMonitor.SetAmbient(monitor);
    }

    void IObserver<KeyValuePair<string, object?>>.OnError(Exception error)
    {
    }

    void IObserver<KeyValuePair<string, object?>>.OnCompleted()
    {
    }
}
