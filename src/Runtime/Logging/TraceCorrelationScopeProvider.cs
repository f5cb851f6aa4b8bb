using Microsoft.Extensions.Logging;

namespace NumAgents.Instrumentation;

/// <summary>
/// Correlates ordinary <see cref="ILogger"/> calls with the current span: a logger factory that uses
/// this scope provider shows <c>trace_id</c> and <c>span_id</c> (and <c>service</c>) as the outermost
/// scope of every record written while a span is current, so code keeps calling
/// <c>logger.LogInformation(...)</c>. Other scopes (<c>BeginScope</c>) are kept by an inner provider.
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

    /// <summary>Correlates with the current span of <see cref="AgentMonitor.Current"/>'s tracer, read at each record.</summary>
    public TraceCorrelationScopeProvider()
        : this(null, null)
    {
    }

    /// <summary>Correlates with the current span of <paramref name="tracer"/>.</summary>
    /// <param name="tracer">The tracer whose current span is reported; <see langword="null"/> for <see cref="AgentMonitor.Current"/>'s.</param>
    /// <param name="inner">Keeps the scopes pushed with <c>BeginScope</c>; default a new <see cref="LoggerExternalScopeProvider"/>.</param>
    public TraceCorrelationScopeProvider(Tracer? tracer, IExternalScopeProvider? inner = null)
    {
        _tracer = tracer;
        _inner = inner ?? new LoggerExternalScopeProvider();
    }

    /// <summary>Correlates with the tracer <paramref name="tracerSource"/> returns at each record, or <see cref="AgentMonitor.Current"/>'s while it returns <see langword="null"/>.</summary>
    internal TraceCorrelationScopeProvider(Func<Tracer?> tracerSource)
        : this(null, null)
    {
        _tracerSource = tracerSource;
    }

    /// <inheritdoc/>
    public void ForEachScope<TState>(Action<object?, TState> callback, TState state)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var tracer = _tracer ?? _tracerSource?.Invoke() ?? AgentMonitor.Current.Tracer;
        var current = tracer.CurrentRaw;
        if (current is not null) callback(current.CorrelationScope, state);
        _inner.ForEachScope(callback, state);
    }

    /// <inheritdoc/>
    public IDisposable Push(object? state) => _inner.Push(state);
}
