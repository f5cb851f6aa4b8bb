using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NumAgents.Instrumentation;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers NumAgents monitoring in a service collection.</summary>
public static class NumAgentsServiceCollectionExtensions
{
    /// <summary>The configuration section read by <see cref="AddNumAgentsMonitoring(IServiceCollection, IConfiguration, Action{MonitorOptions}?)"/> when given the root.</summary>
    public const string DefaultSectionName = "NumAgents:Monitoring";

    /// <summary>
    /// Registers one <see cref="AgentMonitor"/> singleton built from <see cref="MonitorOptions"/>
    /// (<c>services.Configure&lt;MonitorOptions&gt;</c> works too). Unless the options name them, the
    /// container's <see cref="ILoggerFactory"/> and <see cref="TimeProvider"/> are used.
    /// </summary>
    /// <remarks>
    /// Ordinary <see cref="ILogger"/> calls are correlated with the current span: unless the container
    /// already has an <see cref="IExternalScopeProvider"/>, a <see cref="TraceCorrelationScopeProvider"/>
    /// is registered, which the container's logger factory uses for every provider that supports
    /// external scopes. It follows the current span of this monitor once the monitor exists (of
    /// <see cref="AgentMonitor.Current"/> before that), so resolving it never needs the monitor.
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
            return monitor;
        });
        return services;
    }

    /// <summary>
    /// Registers monitoring with options bound from configuration: the <c>NumAgents:Monitoring</c>
    /// section of <paramref name="configuration"/> (or <paramref name="configuration"/> itself when it
    /// has no such section). Keys: <c>ServiceName</c>, <c>EnableMetrics</c>, <c>EnableTracing</c>,
    /// <c>EnableLogging</c>, <c>MaxLabelSetsPerMetric</c>, <c>MaxRetainedSpans</c>,
    /// <c>DefaultHistogramBuckets</c> (an array). Invalid values throw naming the key.
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
        services.AddOptions<MonitorOptions>().Configure(options => Bind(source, options));
        return services.AddNumAgentsMonitoring(configure);
    }

    // Bound by hand rather than through Configuration.Binder: seven keys do not justify a
    // reflection-based dependency, and this stays trimming- and AOT-safe.
    private static void Bind(IConfiguration source, MonitorOptions options)
    {
        if (source["ServiceName"] is { } serviceName) options.ServiceName = serviceName;
        options.EnableMetrics = ReadBool(source, "EnableMetrics", options.EnableMetrics);
        options.EnableTracing = ReadBool(source, "EnableTracing", options.EnableTracing);
        options.EnableLogging = ReadBool(source, "EnableLogging", options.EnableLogging);
        options.MaxLabelSetsPerMetric = ReadInt(source, "MaxLabelSetsPerMetric", options.MaxLabelSetsPerMetric);
        options.MaxRetainedSpans = ReadInt(source, "MaxRetainedSpans", options.MaxRetainedSpans);
        var buckets = source.GetSection("DefaultHistogramBuckets").GetChildren().ToList();
        if (buckets.Count > 0)
        {
            options.DefaultHistogramBuckets = buckets
                .OrderBy(child => int.TryParse(child.Key, NumberStyles.None, CultureInfo.InvariantCulture, out var index) ? index : int.MaxValue)
                .Select(child => ParseDouble(child.Path, child.Value))
                .ToArray();
        }
    }

    private static bool ReadBool(IConfiguration source, string key, bool fallback)
    {
        var text = source[key];
        if (text is null) return fallback;
        return bool.TryParse(text, out var value) ? value : throw Invalid(key, text, "true or false");
    }

    private static int ReadInt(IConfiguration source, string key, int fallback)
    {
        var text = source[key];
        if (text is null) return fallback;
        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : throw Invalid(key, text, "an integer");
    }

    private static double ParseDouble(string key, string? text)
        => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : throw Invalid(key, text, "a number");

    private static InvalidOperationException Invalid(string key, string? text, string expected)
        => new($"Monitoring configuration key '{key}' has the value '{text}', which is not {expected}.");

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
