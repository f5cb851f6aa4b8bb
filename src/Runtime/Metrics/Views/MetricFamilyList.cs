namespace NumAgents.Instrumentation.Metrics.Views;

/// <summary>A collector's families at the time they were read, in the order of their sanitized names.</summary>
internal readonly ref struct MetricFamilyList
{
    private readonly ReadOnlySpan<MetricFamily> _families;

    internal MetricFamilyList(ReadOnlySpan<MetricFamily> families, int version)
    {
        _families = families;
        Version = version;
    }

    public int Count => _families.Length;

    /// <summary>Changes whenever the set of families changes, so an exporter can cache what it derives from it.</summary>
    public int Version { get; }

    public MetricFamilyView this[int index] => new(_families[index]);

    /// <summary>The views in an array, for a reader that awaits between families.</summary>
    public MetricFamilyView[] ToArray()
    {
        var views = new MetricFamilyView[_families.Length];
        for (var i = 0; i < views.Length; i++)
        {
            views[i] = new MetricFamilyView(_families[i]);
        }

        return views;
    }
}
