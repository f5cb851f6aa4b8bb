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
/// <c>Dispose</c> cannot see an exception in flight, and two different code shapes reach it:
/// </para>
/// <list type="number">
/// <item><description>
/// A <c>using</c> block with no <c>await</c> (sync code, or async code whose block does not await) is a
/// real <c>try/finally</c>: <c>Dispose</c> runs during the exception's second pass, while
/// <see cref="Marshal.GetExceptionPointers"/> returns the dispatch record of the exception being
/// unwound. A <see cref="AppDomain.FirstChanceException"/> handler notes, per thread, the last few
/// exceptions with the dispatch record each was thrown with; the one whose record equals the current
/// one is in flight. The pointer alone is not enough: it is also set inside any catch handler, and an
/// async continuation runs inline inside the catch block of the task it awaited (the task's builder
/// completes it from there). So the matching throw must also be the latest throw of that exception
/// object (an exception awaited and rethrown since then was handled), and the exception's stack trace
/// must pass through the method that is disposing the span (an exception of another task, seen through
/// <c>Task.WhenAny</c> for example, never went through it).
/// </description></item>
/// <item><description>
/// A <c>using</c> block that contains an <c>await</c> is rewritten by the compiler into
/// <c>catch (object e) { pending = e; }</c>, then <c>Dispose()</c>, then a rethrow of <c>pending</c>
/// through <see cref="ExceptionDispatchInfo"/>. At <c>Dispose</c> nothing is in flight; the same
/// exception object is thrown again on the same thread right after. So a span ended by
/// <c>Dispose</c> is remembered per thread, and when the next first-chance exception on that thread is a
/// rethrow of an exception first thrown inside that span, the span's outcome is corrected to
/// <see cref="SpanStatus.Error"/> (microseconds after it ended, before any other code runs).
/// </description></item>
/// </list>
/// <para>
/// Either way the exception must have been thrown while the span, or one of its descendants, was
/// current: the execution context at each throw is kept (weakly, keyed by the exception object) and the
/// tracer's current span is read from it. This keeps an exception thrown before the span started (a
/// span opened in a catch block) or thrown and caught inside the block from failing the span.
/// </para>
/// <para>
/// Limits: an exception caught inside the block and rethrown (the same object) right after the block,
/// before any other exception on that thread, is indistinguishable from the compiler's rewrite and fails
/// the span; a block left by an exception thrown while the span was not current (inside
/// <c>ExecutionContext.Run</c> with another context) ends <see cref="SpanStatus.Ok"/>. Explicit
/// <see cref="Span.RecordException"/> / <see cref="Span.End"/> (what generated code uses) has no such limits.
/// </para>
/// </remarks>
internal static class ExceptionTracker
{
    private static readonly ConditionalWeakTable<Exception, ThrowSite> ThrowSites = new();
    private static int _installed;
    private static int _epoch;

    [ThreadStatic]
    private static ThreadLog? t_log;

    [ThreadStatic]
    private static bool t_inHandler;

    public static void EnsureInstalled()
    {
        if (Volatile.Read(ref _installed) != 0 || Interlocked.Exchange(ref _installed, 1) != 0) return;
        AppDomain.CurrentDomain.FirstChanceException += OnFirstChanceException;
    }

    /// <summary>Changes whenever an exception is thrown anywhere in the process (a span keeps the value it started with).</summary>
    public static int Epoch => Volatile.Read(ref _epoch);

    /// <summary>
    /// The exception leaving <paramref name="span"/>'s <c>using</c> block right now, or
    /// <see langword="null"/>; when there is none but something was thrown while the span ran, remembers
    /// the span for the rethrow check.
    /// </summary>
    public static Exception? FindEscapingException(Span span)
    {
        // Nothing thrown anywhere since the span started: the common case costs one static read.
        if (span.ExceptionEpoch == Volatile.Read(ref _epoch)) return null;
        var log = t_log;
        if (log is null) return null; // nothing thrown on this thread, so nothing in flight here either

        var pointers = Marshal.GetExceptionPointers();
        if (pointers != 0)
        {
            var inFlight = log.FindLatestThrowByPointers(pointers);
            if (inFlight is not null && WasThrownUnder(inFlight, span) && PassesThroughCaller(inFlight))
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
        t_inHandler = true;
        Interlocked.Increment(ref _epoch);
        try
        {
            var exception = args.Exception;
            var log = t_log ??= new ThreadLog();
            var disposed = log.DisposedSpan;
            if (disposed is not null)
            {
                log.DisposedSpan = null;
                if (WasThrownUnder(exception, disposed)) disposed.FailAfterDispose(exception);
            }

            ThrowSites.AddOrUpdate(exception, new ThrowSite(ExecutionContext.Capture()));
            log.Record(exception, Marshal.GetExceptionPointers());
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

    /// <summary>Whether <paramref name="exception"/> was last thrown while <paramref name="span"/> or a descendant was current.</summary>
    private static bool WasThrownUnder(Exception exception, Span span)
    {
        if (!ThrowSites.TryGetValue(exception, out var site) || site.Context is null) return false;
        var probe = new CurrentSpanProbe(span.Tracer);
        ExecutionContext.Run(site.Context, static state =>
        {
            var p = (CurrentSpanProbe)state!;
            p.Current = p.Tracer.CurrentRaw;
        }, probe);

        for (var current = probe.Current; current is not null; current = current.ParentObject)
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
            if (method.DeclaringType != typeof(Span) && method.DeclaringType != typeof(ExceptionTracker)) caller = method;
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

    private sealed class ThrowSite(ExecutionContext? context)
    {
        public ExecutionContext? Context { get; } = context;
    }

    private sealed class CurrentSpanProbe(Tracer tracer)
    {
        public Tracer Tracer { get; } = tracer;

        public Span? Current { get; set; }
    }

    /// <summary>The last few exceptions thrown on one thread, held weakly, with their dispatch records.</summary>
    private sealed class ThreadLog
    {
        private const int Size = 8;
        private readonly WeakReference<Exception>?[] _exceptions = new WeakReference<Exception>?[Size];
        private readonly nint[] _pointers = new nint[Size];
        private int _next;

        /// <summary>The span last ended by <c>Dispose</c> on this thread with no exception in flight.</summary>
        public Span? DisposedSpan { get; set; }

        public void Record(Exception exception, nint pointers)
        {
            var slot = _next;
            _next = (slot + 1) % Size;
            if (_exceptions[slot] is { } reference) reference.SetTarget(exception);
            else _exceptions[slot] = new WeakReference<Exception>(exception);
            _pointers[slot] = pointers;
        }

        /// <summary>
        /// The exception whose dispatch record is <paramref name="pointers"/>, if that dispatch is the latest
        /// throw of the exception object (newest entries first).
        /// </summary>
        public Exception? FindLatestThrowByPointers(nint pointers)
        {
            for (var i = 1; i <= Size; i++)
            {
                var slot = (_next - i + Size) % Size;
                if (_pointers[slot] != pointers) continue;
                if (_exceptions[slot] is not { } reference || !reference.TryGetTarget(out var exception)) return null;
                for (var j = 1; j < i; j++)
                {
                    var newer = (_next - j + Size) % Size;
                    if (_exceptions[newer] is { } other && other.TryGetTarget(out var otherException) && ReferenceEquals(otherException, exception)) return null;
                }

                return exception;
            }

            return null;
        }
    }
}
