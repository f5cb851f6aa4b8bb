using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using NumAgents.Instrumentation.Naming;

namespace NumAgents.Instrumentation.Metrics;

/// <summary>
/// The families of one collector by name: found without hashing on the hot path, registered under a lock
/// that also rejects a name whose exported names clash with another's, and listed in a stable order for
/// readers.
/// </summary>
internal sealed class MetricRegistry
{
    private const int RecentFamilySlots = 32;

    private readonly ConcurrentDictionary<string, MetricFamily> _families = new(StringComparer.Ordinal);

    // Each exported family and sample name (tagged with the exposition it appears in) and the metric that
    // owns it: a second metric claiming one would make some scrape write a name twice.
    private readonly Dictionary<string, string> _claims = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    // Names come from literals, so the same string instance arrives every time: a reference compare
    // finds the family without hashing the name.
    private readonly MetricFamily?[] _recent = new MetricFamily?[RecentFamilySlots];
    private MetricFamily[]? _sorted;
    private int _version;

    /// <summary>Changes whenever a family is registered or the registry is cleared, so readers can cache what they derive from the set.</summary>
    public int Version => Volatile.Read(ref _version);

    public ICollection<MetricFamily> Families => _families.Values;

    /// <summary>
    /// The direct-mapped cache of recently used families, by <see cref="RecentSlot"/>: the collector reads it
    /// on every recording by name without going through the registry.
    /// </summary>
    public MetricFamily?[] Recent => _recent;

    /// <summary>The <see cref="Recent"/> slot of a non-empty name.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int RecentSlot(string name) => ((name.Length * 31) + name[^1]) & (RecentFamilySlots - 1);

    /// <summary>The live family named <paramref name="name"/> (a non-empty name) when the recent cache missed, cached for next time.</summary>
    public MetricFamily? FindAndCache(string name, int slot)
    {
        if (!_families.TryGetValue(name, out var family)) return null;
        _recent[slot] = family;
        return family;
    }

    /// <summary>The family named <paramref name="name"/>, found by value (for queries, not the hot path).</summary>
    public MetricFamily? FindByValue(string name) => _families.TryGetValue(name, out var family) ? family : null;

    /// <summary>Registers <paramref name="family"/> unless another caller won the race; throws when its names clash with another metric's.</summary>
    public void Register(MetricFamily family)
    {
        var name = family.Name;
        lock (_gate)
        {
            if (_families.ContainsKey(name)) return;
            var claims = family.ExportNames.Claims().Distinct(StringComparer.Ordinal).ToArray();
            foreach (var claim in claims)
            {
                if (_claims.TryGetValue(claim, out var owner))
                {
                    var exposition = claim[..claim.IndexOf(':')];
                    throw new ArgumentException(
                        $"Metric '{name}' exports as '{PrometheusFamilyName.ClaimedName(claim)}' (with {exposition} names), which metric '{owner}' already uses; choose names that differ after replacing invalid characters with '_' and adding Prometheus suffixes (_total, _seconds, units).",
                        nameof(name));
                }
            }

            foreach (var claim in claims)
            {
                _claims[claim] = name;
            }

            _families[name] = family;
            _sorted = null;
            _version++;
        }
    }

    /// <summary>
    /// Every family in the order of its sanitized name, which does not depend on the naming an exporter
    /// chooses. Built once per change of the set, read without a lock.
    /// </summary>
    public ReadOnlySpan<MetricFamily> Sorted()
    {
        var sorted = Volatile.Read(ref _sorted);
        if (sorted is not null) return sorted;
        lock (_gate)
        {
            sorted = _families.Values.ToArray();
            Array.Sort(sorted, static (x, y) => string.CompareOrdinal(x.ExportNames.Sanitized, y.ExportNames.Sanitized));
            _sorted = sorted;
            return sorted;
        }
    }

    /// <summary>Removes every family; handles that callers hold are retired and re-register on their next use.</summary>
    public void Clear()
    {
        lock (_gate)
        {
            foreach (var family in _families.Values)
            {
                family.Retire();
            }

            _families.Clear();
            Array.Clear(_recent);
            _claims.Clear();
            _sorted = null;
            _version++;
        }
    }
}
