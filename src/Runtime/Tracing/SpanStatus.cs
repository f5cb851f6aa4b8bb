namespace NumAgents.Instrumentation;

/// <summary>The outcome of a <see cref="Span"/> (OpenTelemetry's status codes).</summary>
public enum SpanStatus
{
    /// <summary>No outcome was set: the span is still running, or it was finished without one.</summary>
    Unset = 0,

    /// <summary>The operation completed successfully.</summary>
    Ok = 1,

    /// <summary>The operation failed; <see cref="Span.Error"/> says why.</summary>
    Error = 2,
}
