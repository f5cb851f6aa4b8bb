namespace NumAgents.Instrumentation.Analyzers.Internal;

/// <summary>The instrumentation calls the rules look at.</summary>
internal enum InstrumentationCallKind
{
    /// <summary>Not an instrumentation call.</summary>
    None,

    /// <summary>A metrics call that records or binds a series by name (<c>Counter</c>, <c>GetGauge</c>...).</summary>
    Metric,

    /// <summary><c>MetricsCollector.Timer(...)</c>: a metrics call whose result must be disposed.</summary>
    MetricTimerScope,

    /// <summary><c>MetricsCollector.StartTimer(handle)</c>: its result must be disposed.</summary>
    TimerStart,

    /// <summary><c>Tracer.Span</c>, <c>StartSpan</c>: a named span that must end.</summary>
    Span,
}
