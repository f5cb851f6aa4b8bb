namespace NumAgents.Instrumentation.Metrics.Exemplars;

/// <summary>
/// The seam between recording and tracing: tells a recording which sampled span it happens in, so the
/// observation can be kept as an exemplar that links the metric to the trace. Metrics know no tracer; a
/// monitor supplies one over its own.
/// </summary>
/// <remarks>
/// Called only when a series is due for a new exemplar (rarely), never for every recording. It must not
/// allocate and must not throw: it runs inside the application's recording call.
/// </remarks>
internal abstract class SampledSpanSource
{
    /// <summary>The ids of the current span when it is sampled (recorded and exported); false otherwise.</summary>
    /// <param name="traceIdHigh">The upper 64 bits of the W3C trace id.</param>
    /// <param name="traceIdLow">The lower 64 bits of the W3C trace id.</param>
    /// <param name="spanId">The span id.</param>
    public abstract bool TryGetSampledSpan(out ulong traceIdHigh, out ulong traceIdLow, out ulong spanId);
}
