using System.Collections.ObjectModel;

namespace NumAgents.Instrumentation.Metrics;

/// <summary>
/// The validated, immutable identity of one series: label pairs sorted by key, with the hash computed
/// once when the series is created, never on a recording path.
/// </summary>
internal sealed class LabelSet
{
    public static readonly LabelSet Empty = new([], ComputeHash(ReadOnlySpan<(string Key, string Value)>.Empty));

    public static readonly LabelSet Overflow = FromValidated([(LabelValidation.OverflowLabel, "true")]);

    private ReadOnlyDictionary<string, string>? _dictionary;
    private KeyValuePair<string, object?>[]? _meterTags;

    private LabelSet((string Key, string Value)[] pairs, int hashCode)
    {
        Pairs = pairs;
        HashCode = hashCode;
    }

    /// <summary>The pairs in ordinal key order.</summary>
    public (string Key, string Value)[] Pairs { get; }

    public int HashCode { get; }

    /// <summary>The pairs as System.Diagnostics.Metrics tags, built once.</summary>
    public KeyValuePair<string, object?>[] MeterTags => _meterTags ??= Pairs.Select(p => new KeyValuePair<string, object?>(p.Key, p.Value)).ToArray();

    public IReadOnlyDictionary<string, string> AsDictionary()
    {
        return _dictionary ??= new ReadOnlyDictionary<string, string>(Pairs.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal));
    }

    public static LabelSet FromValidated((string Key, string Value)[] sortedPairs)
    {
        return sortedPairs.Length == 0 ? Empty : new LabelSet(sortedPairs, ComputeHash(sortedPairs));
    }

    public static int ComputeHash(ReadOnlySpan<(string Key, string Value)> pairs)
    {
        var hash = new HashCode();
        foreach (var (key, value) in pairs)
        {
            hash.Add(key is null ? 0 : string.GetHashCode(key, StringComparison.Ordinal));
            hash.Add(value is null ? 0 : string.GetHashCode(value, StringComparison.Ordinal));
        }

        return hash.ToHashCode();
    }

    public static int ComputeHash(in Labels labels)
    {
        var hash = new HashCode();
        for (var i = 0; i < labels.Count; i++)
        {
            var (key, value) = labels[i];
            hash.Add(key is null ? 0 : string.GetHashCode(key, StringComparison.Ordinal));
            hash.Add(value is null ? 0 : string.GetHashCode(value, StringComparison.Ordinal));
        }

        return hash.ToHashCode();
    }

    public bool ContentEquals(in Labels labels)
    {
        if (labels.Count != Pairs.Length) return false;
        for (var i = 0; i < Pairs.Length; i++)
        {
            var (key, value) = labels[i];
            if (!string.Equals(key, Pairs[i].Key, StringComparison.Ordinal) || !string.Equals(value, Pairs[i].Value, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    public override string ToString() => "{" + string.Join(", ", Pairs.Select(p => $"{p.Key}={p.Value}")) + "}";
}
