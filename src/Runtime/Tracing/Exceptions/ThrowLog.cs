namespace NumAgents.Instrumentation.Tracing;

/// <summary>
/// The last few exceptions one thread threw while one of our spans was current: each held weakly, with
/// the dispatch record it was thrown with and the span current at the throw. A ring of fixed size whose
/// weak references are reused, so recording a throw allocates nothing once the ring exists.
/// </summary>
internal sealed class ThrowLog
{
    private const int Size = 8;
    private readonly WeakReference<Exception>?[] _exceptions = new WeakReference<Exception>?[Size];
    private readonly nint[] _pointers = new nint[Size];
    private readonly Span?[] _current = new Span?[Size];
    private int _next;

    /// <summary>The span last ended by <c>Dispose</c> on this thread while something had been thrown inside a span.</summary>
    public Span? DisposedSpan { get; set; }

    public void Record(Exception exception, nint pointers, Span current)
    {
        var slot = _next;
        _next = (slot + 1) % Size;
        if (_exceptions[slot] is { } reference) reference.SetTarget(exception);
        else _exceptions[slot] = new WeakReference<Exception>(exception);
        _pointers[slot] = pointers;
        _current[slot] = current;
    }

    /// <summary>
    /// The throw whose dispatch record is <paramref name="pointers"/>, if that throw is the latest of its
    /// exception object (newest entries first); <c>(null, null)</c> otherwise.
    /// </summary>
    public (Exception? Exception, Span? Current) FindLatestThrowByPointers(nint pointers)
    {
        for (var i = 1; i <= Size; i++)
        {
            var slot = (_next - i + Size) % Size;
            if (_pointers[slot] != pointers) continue;
            if (_exceptions[slot] is not { } reference || !reference.TryGetTarget(out var exception)) return default;
            for (var j = 1; j < i; j++)
            {
                var newer = (_next - j + Size) % Size;
                if (_exceptions[newer] is { } other && other.TryGetTarget(out var otherException) && ReferenceEquals(otherException, exception)) return default;
            }

            return (exception, _current[slot]);
        }

        return default;
    }

    /// <summary>The span current at the latest recorded throw of <paramref name="exception"/>, or <see langword="null"/>.</summary>
    public Span? FindLatestThrow(Exception exception)
    {
        for (var i = 1; i <= Size; i++)
        {
            var slot = (_next - i + Size) % Size;
            if (_exceptions[slot] is { } reference && reference.TryGetTarget(out var recorded) && ReferenceEquals(recorded, exception)) return _current[slot];
        }

        return null;
    }
}
