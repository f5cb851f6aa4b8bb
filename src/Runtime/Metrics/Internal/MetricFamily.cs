using System.Collections.Concurrent;
using NumAgents.Instrumentation.Naming;

namespace NumAgents.Instrumentation.Metrics;

/// <summary>
/// All series of one metric name. Lookups of existing series are lock-free and allocation-free;
/// creating a series (validation, cardinality limit) takes the family lock.
/// </summary>
internal sealed class MetricFamily
{
    private readonly ConcurrentDictionary<LabelSet, MetricHandle> _series;
    private readonly ConcurrentDictionary<LabelSet, MetricHandle>.AlternateLookup<Labels> _lookup;
    private const int RecentSlots = 8;

    private readonly Lock _gate = new();

    // Direct-mapped cache of recently used series, matched by string identity: call sites pass the
    // same literal instances every time, so a hit costs a few reference compares instead of hashing
    // every key and value. Entries are handles (no allocation to cache); see GetOrAdd for why a torn
    // read of CallerLabels is harmless.
    private readonly MetricHandle?[] _recent = new MetricHandle?[RecentSlots];
    private MetricHandle? _unlabeled;
    private MetricHandle? _overflow;
    private MetricHandle[] _ordered = new MetricHandle[4];
    private int _orderedCount;
    private long _foldedLabelSets;
    private int _rememberedFolds;
    private string? _description;
    private Dictionary<string, string>? _labelNames;
    private bool _retired;

    public MetricFamily(MetricsCollector collector, PrometheusFamilyName exportNames, MetricType type, string? description, double[] buckets)
    {
        Collector = collector;
        ExportNames = exportNames;
        Name = exportNames.Name;
        Type = type;
        _description = description;
        Buckets = buckets;
        SearchBuckets = PadForSearch(buckets);
        _series = new ConcurrentDictionary<LabelSet, MetricHandle>(LabelSetComparer.Instance);
        _lookup = _series.GetAlternateLookup<Labels>();
    }

    public MetricsCollector Collector { get; }

    /// <summary>The mirrored System.Diagnostics.Metrics histogram, recorded only while a listener enables it.</summary>
    public System.Diagnostics.Metrics.Histogram<double>? MeterHistogram { get; set; }

    public string Name { get; }

    /// <summary>Every name the family exports under, fixed when it is registered (the unit is part of them).</summary>
    public PrometheusFamilyName ExportNames { get; }

    /// <summary>The unit declared when the family was registered, or <see langword="null"/> (timers: milliseconds).</summary>
    public string? Unit => ExportNames.Unit;

    /// <summary>
    /// What an exporter keeps for this family between exports (rendered names, say). Metrics never read it;
    /// it dies with the family, so a <see cref="MetricsCollector.Clear"/> cannot leave stale renderings behind.
    /// </summary>
    public object? ExporterState;

    public MetricType Type { get; }

    public bool IsHistogram => Type is MetricType.Histogram or MetricType.Timer;

    /// <summary>The first non-null description given for the name.</summary>
    public string? Description => Volatile.Read(ref _description);

    /// <summary>Bucket upper bounds, ascending, without <c>+Inf</c>; empty for counters and gauges.</summary>
    public double[] Buckets { get; }

    /// <summary>
    /// <see cref="Buckets"/> padded with +Inf to a whole number of 256-bit vectors, so a recording can count
    /// the bounds below a value four at a time; a finite value is never above +Inf, so padding counts nothing.
    /// </summary>
    public double[] SearchBuckets { get; }

    public int SeriesCount => Volatile.Read(ref _orderedCount);

    public long FoldedLabelSets => Interlocked.Read(ref _foldedLabelSets);

    public void OfferDescription(string? description)
    {
        if (description is not null && Volatile.Read(ref _description) is null)
        {
            Interlocked.CompareExchange(ref _description, description, null);
        }
    }

    /// <summary>The series for <paramref name="labels"/>, created on first use. Throws on invalid labels, naming the metric.</summary>
    public MetricHandle GetOrAdd(in Labels labels)
    {
        if (labels.Count == 0)
        {
            return Volatile.Read(ref _unlabeled) ?? AddSlow(labels);
        }

        var slot = labels.SlotHint() & (RecentSlots - 1);
        var recent = _recent[slot];
        if (recent is not null && recent.CallerLabels.HasSameReferences(labels)) return recent;

        var handle = _lookup.TryGetValue(labels, out var found) ? found : AddSlow(labels);

        // CallerLabels may be overwritten concurrently, but only with label sets equal in content to
        // this handle's, so any mixture a reader sees still identifies this handle. The overflow
        // handle serves many label sets and is therefore never cached.
        if (!ReferenceEquals(handle, _overflow))
        {
            handle.CallerLabels = labels;
            _recent[slot] = handle;
        }

        return handle;
    }

    /// <summary>Finds an existing series without creating one; a label set folded into the overflow series is not found.</summary>
    public bool TryGet(in Labels labels, out MetricHandle handle)
    {
        if (_lookup.TryGetValue(labels, out handle!) && (!ReferenceEquals(handle, _overflow) || LabelSet.Overflow.ContentEquals(labels)))
        {
            return true;
        }

        handle = null!;
        return false;
    }

    /// <summary>Series in creation order, read without a lock: the array is published before the count grows.</summary>
    public ReadOnlySpan<MetricHandle> OrderedSeries
    {
        get
        {
            var count = Volatile.Read(ref _orderedCount);
            var ordered = Volatile.Read(ref _ordered);
            return ordered.AsSpan(0, Math.Min(count, ordered.Length));
        }
    }

    /// <summary>Set once the family is removed by Clear; cached references to it are then ignored.</summary>
    public bool Retired => Volatile.Read(ref _retired);

    public void Retire()
    {
        lock (_gate)
        {
            Volatile.Write(ref _retired, true);
            foreach (var handle in OrderedSeries)
            {
                handle.Retired = true;
            }
        }
    }

    private MetricHandle AddSlow(in Labels labels)
    {
        // The overflow label is reserved, except to address the overflow series itself: a held handle of
        // it rebinds with exactly this label set after a Clear.
        var handle = LabelSet.Overflow.ContentEquals(labels) ? OverflowUnderGate() : AddUnderGate(LabelValidation.Validate(Name, IsHistogram, labels));

        // A caller that found this family just before Clear removed it gets a handle that is retired
        // too, so its recording moves to the live family instead of staying in this detached one forever.
        if (handle.Family.Retired) handle.Retired = true;
        return handle;
    }

    private MetricHandle AddUnderGate((string Key, string Value)[] pairs)
    {
        lock (_gate)
        {
            var labelSet = LabelSet.FromValidated(pairs);
            if (_series.TryGetValue(labelSet, out var existing)) return existing;

            var limit = Collector.MaxLabelSetsPerMetric;
            if (SeriesCount - (_overflow is null ? 0 : 1) >= limit)
            {
                return Fold(labelSet, limit);
            }

            ClaimLabelNames(pairs);
            var handle = CreateHandle(labelSet);
            _series[labelSet] = handle;
            if (pairs.Length == 0) Volatile.Write(ref _unlabeled, handle);
            Append(handle);
            return handle;
        }
    }

    /// <summary>
    /// Two keys that export as one label name (<c>a.b</c> and <c>a_b</c>) in two series of the same
    /// metric would make two series export identically, a scrape Prometheus rejects; the first key to
    /// use an exported name keeps it. Called under the family lock.
    /// </summary>
    private void ClaimLabelNames((string Key, string Value)[] pairs)
    {
        if (pairs.Length == 0) return;
        _labelNames ??= new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, _) in pairs)
        {
            var exportName = PrometheusNameSanitizer.SanitizeLabelName(key);
            if (_labelNames.TryGetValue(exportName, out var owner) && !string.Equals(owner, key, StringComparison.Ordinal))
            {
                throw new ArgumentException($"Metric '{Name}': label '{key}' exports as '{exportName}', which label '{owner}' of this metric already uses.", "labels");
            }
        }

        foreach (var (key, _) in pairs)
        {
            _labelNames.TryAdd(PrometheusNameSanitizer.SanitizeLabelName(key), key);
        }
    }

    /// <summary>
    /// Past the limit a new label set records into the single overflow series, so nothing is lost and
    /// memory stays bounded. Folded sets are remembered (up to the limit again) so repeated use stays on
    /// the fast path and each distinct set is counted once.
    /// </summary>
    private MetricHandle Fold(LabelSet labelSet, int limit)
    {
        var overflow = EnsureOverflow();

        if (_rememberedFolds < limit)
        {
            _series[labelSet] = overflow;
            _rememberedFolds++;
        }

        Interlocked.Increment(ref _foldedLabelSets);
        return overflow;
    }

    private MetricHandle OverflowUnderGate()
    {
        lock (_gate)
        {
            return EnsureOverflow();
        }
    }

    private MetricHandle EnsureOverflow()
    {
        if (_overflow is null)
        {
            _overflow = CreateHandle(LabelSet.Overflow);
            _series[LabelSet.Overflow] = _overflow;
            Append(_overflow);
        }

        return _overflow;
    }

    private MetricHandle CreateHandle(LabelSet labelSet) => Type switch
    {
        MetricType.Counter => new CounterHandle(this, labelSet),
        MetricType.Gauge => new GaugeHandle(this, labelSet),
        _ => new HistogramHandle(this, labelSet),
    };

    private void Append(MetricHandle handle)
    {
        var ordered = _ordered;
        if (_orderedCount == ordered.Length)
        {
            Array.Resize(ref ordered, ordered.Length * 2);
            Volatile.Write(ref _ordered, ordered);
        }

        ordered[_orderedCount] = handle;
        Volatile.Write(ref _orderedCount, _orderedCount + 1);
    }

    private static double[] PadForSearch(double[] buckets)
    {
        var lanes = System.Runtime.Intrinsics.Vector256<double>.Count;
        var padded = new double[(buckets.Length + lanes - 1) / lanes * lanes];
        buckets.CopyTo(padded, 0);
        padded.AsSpan(buckets.Length).Fill(double.PositiveInfinity);
        return padded;
    }
}
