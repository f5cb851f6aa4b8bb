using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using Microsoft.CodeAnalysis;

namespace NumAgents.Instrumentation.Analyzers.Internal;

/// <summary>
/// Collects, per metric name, the label keys and value shapes of every call site in a compilation, then
/// estimates how many label sets each metric can reach (NAI0003).
/// </summary>
internal sealed class CardinalityLedger
{
    private readonly ConcurrentDictionary<string, ConcurrentQueue<Usage>> _usages = new(StringComparer.Ordinal);

    public void Add(string metricName, Location location, ImmutableArray<KeyValuePair<string, ValueShape>> labels)
        => _usages.GetOrAdd(metricName, static _ => new ConcurrentQueue<Usage>()).Enqueue(new Usage(location, labels));

    /// <summary>Every metric whose estimate exceeds its budget, in a stable order.</summary>
    public IEnumerable<Estimate> Estimates()
    {
        foreach (var entry in _usages.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            var usages = entry.Value.ToArray();
            Array.Sort(usages, static (x, y) => LocationOrder.Compare(x.Location, y.Location));

            // Calls that use different key sets create different series; each key set contributes the product
            // of its keys' value counts, and the metric's total is their sum.
            var signatures = new SortedDictionary<string, Dictionary<string, ValueShape>>(StringComparer.Ordinal);
            foreach (var usage in usages)
            {
                if (usage.Labels.IsEmpty) continue;
                var signature = string.Join("\u0000", usage.Labels.Select(l => l.Key).OrderBy(k => k, StringComparer.Ordinal));
                if (!signatures.TryGetValue(signature, out var keys))
                {
                    keys = new Dictionary<string, ValueShape>(StringComparer.Ordinal);
                    signatures.Add(signature, keys);
                }

                foreach (var label in usage.Labels)
                {
                    keys[label.Key] = keys.TryGetValue(label.Key, out var seen) ? Merge(seen, label.Value) : label.Value;
                }
            }

            if (signatures.Count == 0) continue;

            long total = 0;
            var unbounded = false;
            var description = new StringBuilder();
            foreach (var keys in signatures.Values)
            {
                long product = 1;
                var factors = new List<string>();
                foreach (var key in keys.OrderBy(k => k.Key, StringComparer.Ordinal))
                {
                    switch (key.Value.Kind)
                    {
                        case ValueShapeKind.Unbounded:
                            unbounded = true;
                            factors.Add(key.Key + ": unbounded");
                            break;
                        case ValueShapeKind.Bounded:
                            product = Saturating.Multiply(product, key.Value.Count);
                            factors.Add(key.Key + ": " + key.Value.Count.ToString(CultureInfo.InvariantCulture));
                            break;
                    }
                }

                if (factors.Count == 0) continue;
                if (description.Length > 0) description.Append(" + ");
                description.Append(string.Join(" × ", factors));
                total = Saturating.Add(total, product);
            }

            if (description.Length == 0) continue;
            yield return new Estimate(entry.Key, usages[0].Location, unbounded, total, description.ToString());
        }
    }

    // A key seen at several call sites can take any value seen at any of them; a value the analyzer cannot
    // see (a parameter) is not counted, while a provably unbounded one makes the key unbounded.
    private static ValueShape Merge(ValueShape seen, ValueShape next)
    {
        if (seen.IsUnbounded) return seen;
        if (next.IsUnbounded) return next;
        if (!seen.IsBounded) return next;
        if (!next.IsBounded) return seen;
        return ValueShape.Union(seen, next);
    }

    public readonly struct Estimate
    {
        public Estimate(string metricName, Location location, bool isUnbounded, long labelSets, string keys)
        {
            MetricName = metricName;
            Location = location;
            IsUnbounded = isUnbounded;
            LabelSets = labelSets;
            Keys = keys;
        }

        public string MetricName { get; }

        /// <summary>The first call site in file and position order.</summary>
        public Location Location { get; }

        public bool IsUnbounded { get; }

        public long LabelSets { get; }

        /// <summary>"region: 40 × status: 60", one product per key set, joined with " + ".</summary>
        public string Keys { get; }
    }

    private readonly struct Usage
    {
        public Usage(Location location, ImmutableArray<KeyValuePair<string, ValueShape>> labels)
        {
            Location = location;
            Labels = labels;
        }

        public Location Location { get; }

        public ImmutableArray<KeyValuePair<string, ValueShape>> Labels { get; }
    }
}
