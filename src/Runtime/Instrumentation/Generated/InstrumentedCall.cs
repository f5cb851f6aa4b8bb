using System.ComponentModel;

namespace NumAgents.Instrumentation.Generated;

/// <summary>
/// One running execution of an instrumented node or method: its start timestamp (shared by span,
/// timer and counter) and its binding. A struct, so starting one allocates nothing. Not meant to be
/// used by hand.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct InstrumentedCall
{
    private readonly InstrumentationBinding? _binding;
    private readonly long _startTimestamp;

    internal InstrumentedCall(InstrumentationBinding binding, long startTimestamp)
    {
        _binding = binding;
        _startTimestamp = startTimestamp;
    }

    /// <summary>Records a successful execution.</summary>
    public void Succeeded() => _binding?.Complete(_startTimestamp, exception: null);

    /// <summary>
    /// Records a failed execution. Returns <see langword="false"/>, so generated code calls it from an
    /// exception filter (<c>catch (Exception e) when (call.Failed(e))</c>) that never catches: the
    /// exception reaches the caller as the same object, with its stack trace untouched.
    /// </summary>
    /// <param name="exception">The exception leaving the execution.</param>
    public bool Failed(Exception exception)
    {
        _binding?.Complete(_startTimestamp, exception);
        return false;
    }
}
