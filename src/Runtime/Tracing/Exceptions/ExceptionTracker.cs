using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;
using NumAgents.Instrumentation.Internal;

namespace NumAgents.Instrumentation.Tracing;

/// <summary>
/// Tells <see cref="Span.Dispose"/> whether its <c>using</c> block is being left by an exception, so the
/// span ends <see cref="SpanStatus.Error"/> without a catch in user code.
/// </summary>
/// <remarks>
/// <para>
/// <c>Dispose</c> cannot see an exception in flight, and two code shapes reach it:
/// </para>
/// <list type="number">
/// <item><description>
/// A <c>using</c> block with no <c>await</c> is a real <c>try/finally</c>: <c>Dispose</c> runs while the
/// exception unwinds, and <see cref="Marshal.GetExceptionPointers"/> returns the dispatch record of that
/// exception. A <see cref="AppDomain.FirstChanceException"/> handler notes, per thread, the last few
/// exceptions thrown while one of our spans was current, each with its dispatch record and the span that
/// was current at the throw. The one whose record equals the current one is in flight, provided it is the
/// latest throw of that exception object (an exception awaited and rethrown since was handled: the
/// pointer is also set inside any catch handler, and an async continuation can run inline inside the
/// catch block of the task it awaited), and its stack trace passes through the method that disposes the
/// span (an exception of another task, seen through <c>Task.WhenAny</c> for example, never went through it).
/// </description></item>
/// <item><description>
/// A <c>using</c> block that contains an <c>await</c> is rewritten by the compiler into
/// <c>catch (object e) { pending = e; }</c>, then <c>Dispose()</c>, then a rethrow of <c>pending</c>
/// through <see cref="ExceptionDispatchInfo"/>. At <c>Dispose</c> nothing is in flight; the same
/// exception object is thrown again on the same thread right after. So a span ended by <c>Dispose</c>
/// while something had been thrown during its life is remembered per thread, and when the next
/// first-chance exception on that thread is a rethrow of an exception last thrown inside that span, the
/// span's outcome is corrected to <see cref="SpanStatus.Error"/> (before any other code runs). The throw
/// inside the span was seen on this same thread: it is the <c>await</c> that rethrew the awaited failure.
/// </description></item>
/// </list>
/// <para>
/// Cost: an exception thrown while none of our spans is current costs the handler two context reads and
/// one thread-static read. Only a throw inside a span is recorded (no allocation once a thread's log
/// exists, no lock): the old design captured an execution context and updated a weak table per throw, which
/// every exception in the process paid.
/// </para>
/// <para>
/// Limits: an exception caught inside the block and rethrown (the same object) right after the block,
/// before any other exception on that thread, is indistinguishable from the compiler's rewrite and fails
/// the span; a block left by an exception thrown while the span was not current (inside
/// <c>ExecutionContext.Run</c> with another context) ends <see cref="SpanStatus.Ok"/>. Explicit
/// <see cref="Span.RecordException"/> and <see cref="Span.Finish"/> (what generated code uses) have no such limits.
/// </para>
/// </remarks>
internal static class ExceptionTracker
{
    private static int _installed;
    private static int _epoch;

    [ThreadStatic]
    private static ThrowLog? t_log;

    [ThreadStatic]
    private static bool t_inHandler;

    public static void EnsureInstalled()
    {
        if (Volatile.Read(ref _installed) != 0 || Interlocked.Exchange(ref _installed, 1) != 0) return;
        AppDomain.CurrentDomain.FirstChanceException += OnFirstChanceException;
    }

    /// <summary>Changes whenever an exception is thrown inside one of our spans (a span keeps the value it started with).</summary>
    public static int Epoch => Volatile.Read(ref _epoch);

    /// <summary>
    /// The exception leaving <paramref name="span"/>'s <c>using</c> block right now, or <see langword="null"/>;
    /// when there is none but something was thrown inside a span while it ran, remembers the span for the rethrow check.
    /// </summary>
    public static Exception? FindEscapingException(Span span)
    {
        // Nothing thrown inside any span since the span started: the common case costs one static read.
        if (span.ExceptionEpoch == Volatile.Read(ref _epoch)) return null;
        var log = t_log;
        if (log is null) return null; // nothing thrown inside a span on this thread, so nothing in flight here either

        var pointers = Marshal.GetExceptionPointers();
        if (pointers != 0)
        {
            var entry = log.FindLatestThrowByPointers(pointers);
            if (entry.Exception is { } inFlight && IsWithin(entry.Current, span) && PassesThroughCaller(inFlight))
            {
                log.DisposedSpan = null;
                return inFlight;
            }
        }

        log.DisposedSpan = span;
        return null;
    }

    private static void OnFirstChanceException(object? sender, FirstChanceExceptionEventArgs args)
    {
        // Anything thrown in here would raise this event again on this thread.
        if (t_inHandler) return;
        var log = t_log;
        var disposed = log?.DisposedSpan;
        var current = CurrentSpans.FindRecording();
        if (current is null && disposed is null) return;

        t_inHandler = true;
        try
        {
            var exception = args.Exception;
            log ??= t_log = new ThrowLog();
            if (disposed is not null)
            {
                log.DisposedSpan = null;
                if (IsWithin(log.FindLatestThrow(exception), disposed)) disposed.FailAfterDispose(exception);
            }

            if (current is null) return;
            Interlocked.Increment(ref _epoch);
            log.Record(exception, Marshal.GetExceptionPointers(), current);
        }
        catch (Exception failure)
        {
            InstrumentationEventSource.Log.InstrumentationFailed("tracing.exception-tracker", failure);
        }
        finally
        {
            t_inHandler = false;
        }
    }

    /// <summary>Whether <paramref name="current"/> (the span current at a throw) is <paramref name="span"/> or one of its descendants.</summary>
    private static bool IsWithin(Span? current, Span span)
    {
        for (var depth = 0; current is not null && depth < 256; depth++, current = current.LocalParent)
        {
            if (ReferenceEquals(current, span)) return true;
        }

        return false;
    }

    /// <summary>
    /// Whether the exception's stack trace (the frames it unwinds) contains the method that called
    /// <see cref="Span.Dispose"/>. Only reached when an exception of this span is in flight or being
    /// handled, so the cost of two stack walks is paid on the failure path only.
    /// </summary>
    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "Method identities are only compared; when metadata is missing (trimmed or native AOT), the check is skipped and the dispatch record decides alone.")]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static bool PassesThroughCaller(Exception exception)
    {
        MethodBase? caller = null;
        var here = new StackTrace(1, false);
        for (var i = 0; i < here.FrameCount && caller is null; i++)
        {
            var method = here.GetFrame(i)?.GetMethod();
            if (method is null) return true;
            var type = method.DeclaringType;
            if (type is null || (!typeof(Span).IsAssignableFrom(type) && type != typeof(ExceptionTracker))) caller = method;
        }

        if (caller is null) return true;
        var unwound = new StackTrace(exception, false);
        for (var i = 0; i < unwound.FrameCount; i++)
        {
            var method = unwound.GetFrame(i)?.GetMethod();
            if (method is null) return true;
            if (method.Equals(caller)) return true;
        }

        return false;
    }
}
