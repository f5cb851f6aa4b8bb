namespace NumAgents.Instrumentation.Metrics;

/// <summary>
/// Lets a series dictionary keyed by <see cref="LabelSet"/> be probed with the caller's
/// <see cref="Labels"/> directly, so a lookup that hits allocates nothing.
/// </summary>
internal sealed class LabelSetComparer : IEqualityComparer<LabelSet>, IAlternateEqualityComparer<Labels, LabelSet>
{
    public static readonly LabelSetComparer Instance = new();

    public bool Equals(LabelSet? x, LabelSet? y)
    {
        if (ReferenceEquals(x, y)) return true;
        if (x is null || y is null || x.HashCode != y.HashCode || x.Pairs.Length != y.Pairs.Length) return false;
        return x.Pairs.AsSpan().SequenceEqual(y.Pairs);
    }

    public int GetHashCode(LabelSet obj) => obj.HashCode;

    public bool Equals(Labels alternate, LabelSet other) => other.ContentEquals(alternate);

    public int GetHashCode(Labels alternate) => LabelSet.ComputeHash(alternate);

    public LabelSet Create(Labels alternate)
    {
        var pairs = new (string Key, string Value)[alternate.Count];
        for (var i = 0; i < pairs.Length; i++)
        {
            pairs[i] = alternate[i];
        }

        return LabelSet.FromValidated(pairs);
    }
}
