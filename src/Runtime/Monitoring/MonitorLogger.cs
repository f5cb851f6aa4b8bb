using System.Diagnostics;
using Microsoft.Extensions.Logging;
using NumAgents.Instrumentation.Internal;
using NumAgents.Instrumentation.Logging;
using NumAgents.Instrumentation.Tracing;

namespace NumAgents.Instrumentation.Monitoring;

/// <summary>
/// Writes <see cref="AgentMonitor"/>'s log records: through an <see cref="ILogger"/> from
/// <see cref="MonitorOptions.LoggerFactory"/> (category: the service name), or as JSON lines on standard
/// error. A failing provider or stream is contained and counted, never thrown.
/// </summary>
internal sealed class MonitorLogger
{
    private readonly MonitorOptions _options;
    private ILogger? _logger;
    private long _errors;

    public MonitorLogger(MonitorOptions options) => _options = options;

    public long Errors => Interlocked.Read(ref _errors);

    public void Log(LogLevel level, Exception? exception, string message, IReadOnlyDictionary<string, object?>? extra)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (!_options.EnableLogging || level == LogLevel.None) return;
        try
        {
            var logger = _logger ??= CreateLogger();
            if (!logger.IsEnabled(level)) return;

            // The current span, or the trace started by StartTrace before any span (trace id only).
            string? traceId = null, spanId = null;
            if (CurrentSpans.TryGetCorrelation(out _, out var currentTraceId, out var currentSpanId, out _) && !CarriedByCurrentActivity(currentTraceId, currentSpanId))
            {
                (traceId, spanId) = (currentTraceId, currentSpanId);
            }

            var state = new MonitorLogState(_options.ServiceName, message, traceId, spanId, extra);
            logger.Log(level, default, state, exception, MonitorLogState.Format);
        }
        catch (Exception failure)
        {
            Interlocked.Increment(ref _errors);
            InstrumentationEventSource.Log.InstrumentationFailed("logging", failure);
        }
    }

    /// <summary>
    /// Whether the current span is published to a listener of our source (an OpenTelemetry SDK) as
    /// <see cref="Activity.Current"/>: OpenTelemetry's logging provider then writes its ids as the record's own
    /// trace and span ids, so properties with the same ids would be exported twice, as <c>trace_id</c> and
    /// <c>span_id</c> attributes beside them in OTLP. Without such a listener (a carrier activity, or none)
    /// records keep the properties, which providers that read no activity rely on; our own JSON lines on
    /// standard error always carry them.
    /// </summary>
    private bool CarriedByCurrentActivity(string traceId, string? spanId)
        => _options.LoggerFactory is not null
            && spanId is not null
            && Activity.Current is { IdFormat: ActivityIdFormat.W3C } activity
            && ReferenceEquals(activity.Source, ActivityPublisher.Source)
            && string.Equals(activity.SpanId.ToHexString(), spanId, StringComparison.Ordinal)
            && string.Equals(activity.TraceId.ToHexString(), traceId, StringComparison.Ordinal);

    private ILogger CreateLogger()
        => _options.LoggerFactory?.CreateLogger(_options.ServiceName) ?? new StandardErrorJsonLogger(_options.TimeProvider, _options.MinimumLogLevel);
}
