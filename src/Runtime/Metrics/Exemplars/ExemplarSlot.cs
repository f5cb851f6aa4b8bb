namespace NumAgents.Instrumentation.Metrics.Exemplars;

/// <summary>
/// Where a series keeps the exemplar of one counter or one histogram bucket, and when it may take the next.
/// Mutable, written under the series' lock (or its exemplar gate, for counters); never copied on a
/// recording path.
/// </summary>
internal struct ExemplarSlot
{
    /// <summary>The sampling window (<see cref="ExemplarSampler.Window"/>) the kept exemplar was taken in.</summary>
    public int Window;

    /// <summary>Recordings left before the next look for a sampled span, after looks that found none.</summary>
    public int Countdown;

    /// <summary>The current wait between looks: doubled on each miss up to a small cap, reset by a hit.</summary>
    public int Backoff;

    public Exemplar Kept;
}
