using System.Runtime.CompilerServices;

namespace NumAgents.Instrumentation.Metrics.Exemplars;

/// <summary>
/// A series' wait after looks for a sampled span that found none: the next look comes after 1, 2, 4... up to
/// <see cref="ExemplarSampler.MaxBackoff"/> recordings, and a look that finds one ends the wait. Kept in the
/// series itself, next to its counts, so that an application recording without spans pays one decrement of a
/// field it already touches. Mutable struct: a field, never copied.
/// </summary>
internal struct ExemplarBackoff
{
    private int _skip;
    private int _wait;

    /// <summary>Whether this recording is still inside the wait (and counts it). Inlined into the recording.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Skips()
    {
        if (_skip <= 0) return false;
        _skip--;
        return true;
    }

    /// <summary>A look found no sampled span: wait twice as long (up to the cap) before the next.</summary>
    public void Missed()
    {
        _wait = Math.Clamp(_wait * 2, 1, ExemplarSampler.MaxBackoff);
        _skip = _wait;
    }

    /// <summary>A look found a sampled span: look again as soon as a slot is due.</summary>
    public void Found()
    {
        _wait = 0;
        _skip = 0;
    }
}
