using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace NumAgents.Instrumentation.Analyzers.Internal;

/// <summary>
/// The <c>.editorconfig</c> (or global analyzer config) settings of the rules, read per syntax tree and
/// parsed once per distinct value.
/// </summary>
internal sealed class AnalyzerSettings
{
    /// <summary>Replaces the default list of high-cardinality label keys (NAI0002).</summary>
    public const string HighCardinalityLabelKeys = "numagents_instrumentation.high_cardinality_label_keys";

    /// <summary>Adds keys to the list of high-cardinality label keys (NAI0002).</summary>
    public const string AdditionalHighCardinalityLabelKeys = "numagents_instrumentation.additional_high_cardinality_label_keys";

    /// <summary>The most label sets one metric may reach (NAI0003); the runtime's default limit.</summary>
    public const string CardinalityBudget = "numagents_instrumentation.cardinality_budget";

    /// <summary>The runtime's <c>MonitorOptions.DefaultMaxLabelSetsPerMetric</c>.</summary>
    public const long DefaultCardinalityBudget = 2000;

    private readonly AnalyzerConfigOptionsProvider _provider;
    private readonly ConcurrentDictionary<(string? Replace, string? Add), LabelKeyMatcher> _matchers = new();

    public AnalyzerSettings(AnalyzerOptions options) => _provider = options.AnalyzerConfigOptionsProvider;

    public LabelKeyMatcher GetKeyMatcher(SyntaxTree tree)
    {
        var replace = Read(tree, HighCardinalityLabelKeys);
        var add = Read(tree, AdditionalHighCardinalityLabelKeys);
        if (replace is null && add is null) return LabelKeyMatcher.Default;
        return _matchers.GetOrAdd((replace, add), static key =>
        {
            var keys = key.Replace is null ? LabelKeyMatcher.DefaultKeys.AsEnumerable() : LabelKeyMatcher.ParseList(key.Replace);
            return new LabelKeyMatcher(keys.Concat(LabelKeyMatcher.ParseList(key.Add)));
        });
    }

    public long GetCardinalityBudget(SyntaxTree tree)
    {
        var value = Read(tree, CardinalityBudget);
        return value is not null && long.TryParse(value.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var budget) && budget > 0
            ? budget
            : DefaultCardinalityBudget;
    }

    private string? Read(SyntaxTree tree, string key)
    {
        if (_provider.GetOptions(tree).TryGetValue(key, out var value)) return value;
        return _provider.GlobalOptions.TryGetValue(key, out value) ? value : null;
    }
}
