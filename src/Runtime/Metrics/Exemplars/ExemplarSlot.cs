namespace NumAgents.Instrumentation.Metrics.Exemplars;

/// <summary>
/// Where a series keeps the exemplar of one counter or one histogram bucket, and in which sampling window it
/// took it. Mutable, written under the series' lock (or its exemplar gate, for counters); never copied on a
/// recording path.
/// </summary>
internal struct ExemplarSlot
{
    /// <summary>The sampling window (<see cref="ExemplarSampler.Window"/>) the kept exemplar was taken in.</summary>
    public int Window;

    public Exemplar Kept;
}
