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
/// Hosted services: the host resolves them inside its own <c>StartAsync</c>, then starts each one from
/// there, each call in a frame of its own (so a change made inside one service's <c>StartAsync</c> would
/// not reach the next). This service is resolved with them, and its constructor makes the monitor current
/// on the host's starting flow itself, so it is current for every hosted service and for the work they
/// start (a <c>BackgroundService</c>'s <c>ExecuteAsync</c>), whatever their order. Code that runs where no
/// scope reaches records into the process's only registered monitor, when there is only one.
/// </para>
/// <para>
/// Requests: the web host's <see cref="DiagnosticListener"/> (<c>Microsoft.AspNetCore</c>, from the
/// container) announces each request on the request's own flow before any middleware runs; the monitor is
/// made current there. No ASP.NET Core assembly is referenced: the listener and its event names are the
/// diagnostics contract ASP.NET Core publishes. Each host has its own listener, so two hosts in one process
/// (integration tests) never record into each other's monitor.
/// </para>
/// </remarks>
internal sealed class HostMonitorScope : IHostedService, IObserver<KeyValuePair<string, object?>>
{
    private const string RequestActivity = "Microsoft.AspNetCore.Hosting.HttpRequestIn";
    private const string RequestStart = RequestActivity + ".Start";

    private readonly IServiceProvider _services;
    private readonly AgentMonitor _monitor;
    private IDisposable? _subscription;

    public HostMonitorScope(IServiceProvider services)
    {
        _services = services;
        _monitor = services.GetRequiredService<AgentMonitor>();

        // In the constructor on purpose: it runs in the host's StartAsync, whose flow starts every hosted service.
        AgentMonitor.SetAmbient(_monitor);
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (_services.GetService<DiagnosticListener>() is { Name: "Microsoft.AspNetCore" } listener)
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
        if (value.Key == RequestStart) AgentMonitor.SetAmbient(_monitor);
    }

    void IObserver<KeyValuePair<string, object?>>.OnError(Exception error)
    {
    }

    void IObserver<KeyValuePair<string, object?>>.OnCompleted()
    {
    }
}
