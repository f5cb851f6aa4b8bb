using Microsoft.Extensions.Logging;
using NumAgents.Instrumentation.Logging;
using NumAgents.Instrumentation.Tracing;

namespace NumAgents.Instrumentation;

/// <summary>
/// Correlates ordinary <see cref="ILogger"/> calls with the current span: a logger factory that uses
/// this scope provider shows <c>trace_id</c> and <c>span_id</c> (and <c>service</c>) as the outermost
/// scope of every record written while a span is current (ours, of any monitor, or an activity of any
/// library), so code keeps calling <c>logger.LogInformation(...)</c>. Other scopes (<c>BeginScope</c>)
/// are kept by an inner provider.
/// </summary>
/// <remarks>
/// <para>
/// Register it with <see cref="TraceCorrelationLoggingBuilderExtensions.AddTraceCorrelation"/>, or pass it
/// as the <c>scopeProvider</c> argument of a <c>LoggerFactory</c> constructor. Providers read scopes
/// when they support external scopes (<see cref="ISupportExternalScope"/>: console with
/// <c>IncludeScopes</c>, JSON console, OpenTelemetry...).
/// </para>
/// <para>
/// It replaces the factory's own scope provider, so <c>LoggerFactoryOptions.ActivityTrackingOptions</c>
/// (which correlates with <see cref="System.Diagnostics.Activity"/>) no longer applies.
/// </para>
/// </remarks>
public sealed class TraceCorrelationScopeProvider : IExternalScopeProvider
{
    private readonly Tracer? _tracer;
    private readonly Func<Tracer?>? _tracerSource;
    private readonly IExternalScopeProvider _inner;

    // Records written on one thread inside one span share one scope object, so correlating allocates once per span.
    [ThreadStatic]
    private static SpanCorrelationScope? t_lastScope;

    [ThreadStatic]
    private static object? t_lastCurrent;

    /// <summary>Correlates with the current span of the process (any monitor's, or any library's activity).</summary>
    public TraceCorrelationScopeProvider()
        : this(null, null)
    {
    }

    /// <summary>Correlates with the current span; <paramref name="tracer"/> names the service of activities that are not our spans.</summary>
    /// <param name="tracer">The tracer whose service name is reported with other libraries' activities; <see langword="null"/> reports none for them.</param>
    /// <param name="inner">Keeps the scopes pushed with <c>BeginScope</c>; default a new <see cref="LoggerExternalScopeProvider"/>.</param>
    public TraceCorrelationScopeProvider(Tracer? tracer, IExternalScopeProvider? inner = null)
    {
        _tracer = tracer;
        _inner = inner ?? new LoggerExternalScopeProvider();
    }

    /// <summary>Names the service of other libraries' activities after the tracer <paramref name="tracerSource"/> returns at each record.</summary>
    internal TraceCorrelationScopeProvider(Func<Tracer?> tracerSource)
        : this(null, null)
    {
        _tracerSource = tracerSource;
    }

    /// <inheritdoc/>
    public void ForEachScope<TState>(Action<object?, TState> callback, TState state)
    {
        ArgumentNullException.ThrowIfNull(callback);
        if (CurrentSpans.TryGetCorrelation(out var current, out var traceId, out var spanId, out var serviceName))
        {
            var service = serviceName ?? (_tracer ?? _tracerSource?.Invoke())?.ServiceName;
            var scope = t_lastScope;
            if (scope is null || !ReferenceEquals(t_lastCurrent, current) || !string.Equals(scope.Service, service, StringComparison.Ordinal))
            {
                t_lastScope = scope = new SpanCorrelationScope(service, traceId, spanId);
                t_lastCurrent = current;
            }

            callback(scope, state);
        }

        _inner.ForEachScope(callback, state);
    }

    /// <inheritdoc/>
    public IDisposable Push(object? state) => _inner.Push(state);
}
