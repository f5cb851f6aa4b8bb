using System.Diagnostics;

namespace NumAgents.Instrumentation.Tracing;

/// <summary>
/// Decides whether a span records, following W3C Trace Context and OpenTelemetry's parent-based
/// sampling: a child follows its parent's sampled flag; <see cref="TracingOptions.SamplingRatio"/>
/// decides new traces (by their trace id, as OpenTelemetry's TraceIdRatioBased sampler does, so services
/// at the same ratio agree). Under an activity of another library the flag is a decision only when
/// someone made one.
/// </summary>
/// <remarks>
/// An activity nobody sampled (ASP.NET Core creates the request's activity even when no listener exists,
/// and leaves it not recorded) says nothing about sampling; spans inside it are sampled by ratio and join
/// its trace. An activity a listener's sampler left unrecorded, or one whose flag came from an incoming
/// <c>traceparent</c> ending in <c>-00</c>, is sampled out, and so are the spans inside it.
/// </remarks>
internal sealed class SamplingPolicy
{
    private readonly bool _sampleAll;
    private readonly long _threshold;

    public SamplingPolicy(double ratio)
    {
        _sampleAll = ratio >= 1;
        _threshold = ratio <= 0 ? 0 : (long)(ratio * long.MaxValue);
    }

    public bool SampleNewTrace(ulong traceIdHigh) => _sampleAll || TraceIds.SamplingValue(traceIdHigh) < _threshold;

    /// <summary>Whether a span of ours inside <paramref name="parent"/> (an activity of another library) records.</summary>
    public bool SampleUnder(Activity parent, ulong traceIdHigh)
    {
        if (parent.Recorded) return true;

        // Created through a source: some listener's sampler chose not to record it.
        if (parent.Source.Name.Length != 0) return false;

        // Created without a sampler: its flag is its parent's, and a parent from outside the process
        // (a traceparent header) made a decision; no parent at all means nobody decided.
        var root = parent;
        while (root.Parent is { } up) root = up;
        if (root.ParentSpanId != default) return false;
        return SampleNewTrace(traceIdHigh);
    }
}
