using System.ComponentModel;

namespace NumAgents.Instrumentation.Generated;

/// <summary>
/// One running execution of an instrumented node or method: its binding, its span and the start
/// timestamp its span, timer and counter share. A struct, so starting one allocates nothing beyond
/// the span. Not meant to be used by hand.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct InstrumentedCall
{
    private readonly InstrumentationBinding? _binding;
    private readonly Span? _span;
    private readonly long _startTimestamp;

    internal InstrumentedCall(InstrumentationBinding binding, long startTimestamp, Span? span)
    {
        _binding = binding;
        _startTimestamp = startTimestamp;
        _span = span;
    }

    /// <summary>
    /// Stops the execution's span being the current span of this async flow, without ending it: the
    /// tracer's current span and <see cref="System.Diagnostics.Activity.Current"/> are again what they were
    /// before <see cref="InstrumentationBinding.Start"/>. A later <see cref="Succeeded"/> or
    /// <see cref="Failed"/> still ends the span, and changes the current span of neither flow.
    /// </summary>
    /// <remarks>
    /// Generated code for a method returning a <c>Task</c> or <c>ValueTask</c> calls the method with the span
    /// current (so the method's own work, synchronous and asynchronous, happens inside it), then calls this
    /// before returning the task to its caller, and ends the execution when the task completes.
    /// </remarks>
    public void LeaveScope() => _span?.LeaveScope();

    /// <summary>Records a successful execution.</summary>
    public void Succeeded() => _binding?.Complete(_startTimestamp, _span, exception: null);

    /// <summary>
    /// Records a failed execution. Returns <see langword="false"/>, so generated code calls it from an
    /// exception filter (<c>catch (Exception e) when (call.Failed(e))</c>) that never catches: the
    /// exception reaches the caller as the same object, with its stack trace untouched.
    /// </summary>
    /// <param name="exception">The exception leaving the execution.</param>
    public bool Failed(Exception exception)
    {
        _binding?.Complete(_startTimestamp, _span, exception);
        return false;
    }
}
