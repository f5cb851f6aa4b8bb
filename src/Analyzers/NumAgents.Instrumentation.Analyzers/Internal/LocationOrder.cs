using Microsoft.CodeAnalysis;

namespace NumAgents.Instrumentation.Analyzers.Internal;

/// <summary>Orders locations by file path, then position, so compilation-end diagnostics do not depend on thread timing.</summary>
internal static class LocationOrder
{
    public static int Compare(Location x, Location y)
    {
        var byPath = string.CompareOrdinal(x.SourceTree?.FilePath, y.SourceTree?.FilePath);
        return byPath != 0 ? byPath : x.SourceSpan.Start.CompareTo(y.SourceSpan.Start);
    }
}
