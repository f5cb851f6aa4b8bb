using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NumAgents.Instrumentation;
using NumAgents.Instrumentation.Hosting;
using NumAgents.Instrumentation.Monitoring;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers NumAgents monitoring in a service collection.</summary>
public static class NumAgentsServiceCollectionExtensions
{
    /// <summary>The configuration section read by <see cref="AddNumAgentsMonitoring(IServiceCollection, IConfiguration, Action{MonitorOptions}?)"/> when given the root.</summary>
    public const string DefaultSectionName = "NumAgents:Monitoring";

    /// <summary>
    /// Registers one <see cref="AgentMonitor"/> singleton built from <see cref="MonitorOptions"/>
    /// (<c>services.Configure&lt;MonitorOptions&gt;</c> works too), and makes it the monitor of the host:
    /// <see cref="AgentMonitor.Current"/> for its hosted services and, in ASP.NET Core, for every request,
    /// so generated instrumentation, flows and log correlation record into it with no other code. Unless
    /// the options name them, the container's <see cref="ILoggerFactory"/> and <see cref="TimeProvider"/>
    /// are used.
    /// </summary>
    /// <remarks>
    /// <para>
    /// Outside any host scope (code on a thread of its own, say), <see cref="AgentMonitor.Current"/> is the
    /// registered monitor when the process has exactly one; with two hosts in one process each host's work
    /// stays with its own monitor and nothing is guessed for the rest.
    /// </para>
    /// <para>
    /// Ordinary <see cref="ILogger"/> calls are correlated with the current span: unless the container
    /// already has an <see cref="IExternalScopeProvider"/>, a <see cref="TraceCorrelationScopeProvider"/>
    /// is registered, which the container's logger factory uses for every provider that supports
    /// external scopes. It follows the current span of this monitor once the monitor exists (of
    /// <see cref="AgentMonitor.Current"/> before that), so resolving it never needs the monitor.
    /// </para>
    /// </remarks>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Adjusts the options.</param>
    public static IServiceCollection AddNumAgentsMonitoring(this IServiceCollection services, Action<MonitorOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var builder = services.AddOptions<MonitorOptions>();
        if (configure is not null) builder.Configure(configure);
        // The logger factory needs the scope provider and the monitor needs the logger factory, so the
        // scope provider learns the monitor's tracer through this holder instead of resolving the monitor.
        services.TryAddSingleton<RegisteredMonitorTracer>();
        services.TryAddSingleton<IExternalScopeProvider>(static provider =>
        {
            var registered = provider.GetRequiredService<RegisteredMonitorTracer>();
            return new TraceCorrelationScopeProvider(() => registered.Tracer);
        });
        services.AddSingleton(static provider =>
        {
            var options = provider.GetRequiredService<IOptions<MonitorOptions>>().Value;
            options.LoggerFactory ??= provider.GetService<ILoggerFactory>();
            if (ReferenceEquals(options.TimeProvider, TimeProvider.System) && provider.GetService<TimeProvider>() is { } clock)
            {
                options.TimeProvider = clock;
            }

            var monitor = new AgentMonitor(options);
            provider.GetRequiredService<RegisteredMonitorTracer>().Tracer = monitor.Tracer;
            HostMonitors.Register(monitor);
            return monitor;
        });

        // A hosted service, so that the host resolves it where it starts its hosted services (see HostMonitorScope).
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, HostMonitorScope>());

        return services;
    }

    /// <summary>
    /// Registers monitoring with options bound from configuration: the <c>NumAgents:Monitoring</c>
    /// section of <paramref name="configuration"/> (or <paramref name="configuration"/> itself when it has no
    /// such section). Every option a host tunes has a key: <c>ServiceName</c>, <c>EnableMetrics</c>,
    /// <c>EnableTracing</c>, <c>EnableLogging</c>, <c>MinimumLogLevel</c>, <c>MaxLabelSetsPerMetric</c>,
    /// <c>MaxRetainedSpans</c>, <c>SamplingRatio</c>, <c>AttributeValueLengthLimit</c>,
    /// <c>CollectedActivitySources</c> (an array, which replaces the default list),
    /// <c>MaxCollectedActivitiesInFlight</c>, <c>DefaultHistogramBuckets</c> (an array), <c>IdSeed</c>,
    /// <c>ModelPrices</c> (a section per model with <c>InputPerMillion</c>, <c>OutputPerMillion</c>,
    /// <c>CachedInputPerMillion</c>, <c>Currency</c>), <c>UseGenAISpanNames</c>, <c>CaptureMessageContent</c>
    /// and <c>MaxCapturedContentLength</c>.
    /// A value that does not convert throws naming the key; a value out of range throws naming the option
    /// when the monitor is built.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The configuration root or the monitoring section.</param>
    /// <param name="configure">Adjusts the options after binding.</param>
    public static IServiceCollection AddNumAgentsMonitoring(this IServiceCollection services, IConfiguration configuration, Action<MonitorOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(DefaultSectionName);
        var source = section.Exists() ? section : configuration;
        services.AddOptions<MonitorOptions>().Configure(options =>
        {
            var bound = new MonitoringConfiguration();
            source.Bind(bound);
            bound.ApplyTo(options);
        });
        return services.AddNumAgentsMonitoring(configure);
    }

    /// <summary>The tracer of the container's monitor, once it has been built.</summary>
    private sealed class RegisteredMonitorTracer
    {
        private Tracer? _tracer;

        public Tracer? Tracer
        {
            get => Volatile.Read(ref _tracer);
            set => Volatile.Write(ref _tracer, value);
        }
    }
}
