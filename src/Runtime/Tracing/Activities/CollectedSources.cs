namespace NumAgents.Instrumentation.Tracing;

/// <summary>
/// One tracer's share of the collection of other libraries' activities: which sources (exact names, or
/// prefixes written with a trailing <c>*</c>), whether one of them exists in the process, and the bound on
/// collected activities in flight (what is over it is counted).
/// </summary>
internal sealed class CollectedSources
{
    private readonly HashSet<string> _exact = new(StringComparer.Ordinal);
    private readonly string[] _prefixes;
    private readonly int _maxInFlight;
    private long _inFlight;
    private long _uncollected;

    public CollectedSources(IEnumerable<string> patterns, int maxInFlight)
    {
        Patterns = [.. patterns.Distinct(StringComparer.Ordinal)];
        var prefixes = new List<string>();
        foreach (var pattern in Patterns)
        {
            if (pattern.EndsWith('*')) prefixes.Add(pattern[..^1]);
            else _exact.Add(pattern);
        }

        _prefixes = [.. prefixes];
        _maxInFlight = maxInFlight;
    }

    /// <summary>The names and patterns as configured.</summary>
    public string[] Patterns { get; }

    public bool Any => Patterns.Length > 0;

    /// <summary>Whether a collected source exists in the process (set by <see cref="ActivityCollector"/>; never unset).</summary>
    public bool SourceSeen { get; set; }

    /// <summary>Activities over <see cref="TracingOptions.MaxCollectedActivitiesInFlight"/> that were not collected.</summary>
    public long Uncollected => Interlocked.Read(ref _uncollected);

    /// <summary>Whether <paramref name="sourceName"/> matches one of <paramref name="patterns"/>.</summary>
    public static bool Matches(IReadOnlyList<string> patterns, string sourceName)
    {
        foreach (var pattern in patterns)
        {
            if (pattern.EndsWith('*') ? sourceName.StartsWith(pattern.AsSpan(0, pattern.Length - 1), StringComparison.Ordinal) : string.Equals(pattern, sourceName, StringComparison.Ordinal)) return true;
        }

        return false;
    }

    public bool Contains(string sourceName)
    {
        if (_exact.Contains(sourceName)) return true;
        foreach (var prefix in _prefixes)
        {
            if (sourceName.StartsWith(prefix, StringComparison.Ordinal)) return true;
        }

        return false;
    }

    public bool TryReserve()
    {
        if (Interlocked.Increment(ref _inFlight) <= _maxInFlight) return true;
        Interlocked.Decrement(ref _inFlight);
        Interlocked.Increment(ref _uncollected);
        return false;
    }

    public void Release() => Interlocked.Decrement(ref _inFlight);
}
