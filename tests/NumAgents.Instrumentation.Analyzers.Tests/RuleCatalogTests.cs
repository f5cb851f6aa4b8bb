using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;
using NumAgents.Instrumentation.Analyzers.CodeFixes.Rules;
using NumAgents.Instrumentation.Analyzers.Rules;

namespace NumAgents.Instrumentation.Analyzers.Tests;

/// <summary>Every rule is named in RuleIdentifiers, documented under docs/rules, tracked for release, and fixable where promised.</summary>
public sealed class RuleCatalogTests
{
    private static readonly DiagnosticAnalyzer[] Analyzers = typeof(LabelCardinalityAnalyzer).Assembly.GetTypes()
        .Where(t => t.GetCustomAttribute<DiagnosticAnalyzerAttribute>() is not null)
        .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
        .ToArray();

    private static readonly DiagnosticDescriptor[] Descriptors = Analyzers.SelectMany(a => a.SupportedDiagnostics).ToArray();

    private static readonly string[] Identifiers = typeof(RuleIdentifiers)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral && f.Name != nameof(RuleIdentifiers.HelpLinkBase))
        .Select(f => (string)f.GetRawConstantValue()!)
        .ToArray();

    [Fact]
    public void Every_identifier_has_exactly_one_descriptor_and_ids_are_sequential()
    {
        Assert.Equal(Identifiers.Order(), Descriptors.Select(d => d.Id).Order());
        Assert.Equal(Enumerable.Range(1, Identifiers.Length).Select(i => $"NAI{i:0000}"), Identifiers.Order());
    }

    [Fact]
    public void Every_rule_links_to_its_page_and_the_page_exists_with_the_rule_title()
    {
        foreach (var descriptor in Descriptors)
        {
            Assert.Equal(RuleIdentifiers.HelpLinkBase + descriptor.Id + ".md", descriptor.HelpLinkUri);
            var page = Path.Combine(RepositoryRoot(), "docs", "rules", descriptor.Id + ".md");
            Assert.True(File.Exists(page), $"{descriptor.Id} has no page at {page}");
            var firstLine = File.ReadLines(page).First();
            Assert.Equal($"# {descriptor.Id}: {descriptor.Title}", firstLine);
        }
    }

    [Fact]
    public void Every_rule_names_the_offending_thing_and_has_a_description()
    {
        foreach (var descriptor in Descriptors)
        {
            // The label, metric, class or method the diagnostic is about appears quoted in the message.
            Assert.Matches(@"'\{\d\}'", descriptor.MessageFormat.ToString());
            Assert.False(string.IsNullOrWhiteSpace(descriptor.Description.ToString()), descriptor.Id);
            Assert.True(descriptor.IsEnabledByDefault, descriptor.Id);
        }
    }

    [Fact]
    public void Every_rule_is_tracked_in_the_unshipped_release_file_with_its_category_and_severity()
    {
        var path = Path.Combine(RepositoryRoot(), "src", "Analyzers", "NumAgents.Instrumentation.Analyzers", "AnalyzerReleases.Unshipped.md");
        var rows = File.ReadLines(path)
            .Where(line => line.StartsWith("NAI", StringComparison.Ordinal))
            .Select(line => line.Split('|').Select(cell => cell.Trim()).ToArray())
            .ToDictionary(cells => cells[0]);
        foreach (var descriptor in Descriptors)
        {
            Assert.True(rows.TryGetValue(descriptor.Id, out var row), descriptor.Id);
            Assert.Equal(descriptor.Category, row[1]);
            Assert.Equal(descriptor.DefaultSeverity.ToString(), row[2]);
        }

        Assert.Equal(Descriptors.Length, rows.Count);
    }

    [Fact]
    public void The_promised_fixes_exist_for_rules_1_5_6_and_7_and_fix_only_known_rules()
    {
        CodeFixProvider[] fixers = [new MoveLabelToSpanAttributeFixer(), new MakePartialFixer(), new AddUsingFixer(), new RenameToConventionFixer(), new LabelToSpanAttributeFixer()];
        var fixable = fixers.SelectMany(f => f.FixableDiagnosticIds).ToArray();
        Assert.Equal(
            [
                RuleIdentifiers.HighCardinalityLabelValue, RuleIdentifiers.SensitiveLabel, RuleIdentifiers.NodeClassMustBePartial, RuleIdentifiers.ScopeNotDisposed, RuleIdentifiers.NamingConvention,
                RuleIdentifiers.SensitiveLabel,
            ],
            fixable);
        Assert.All(fixers, f => Assert.NotNull(f.GetFixAllProvider()));
        Assert.All(fixable, id => Assert.Contains(id, Identifiers));
    }

    [Fact]
    public void Severities_follow_the_issue()
    {
        var severities = Descriptors.ToDictionary(d => d.Id, d => d.DefaultSeverity);
        Assert.Equal(DiagnosticSeverity.Warning, severities[RuleIdentifiers.HighCardinalityLabelValue]);
        Assert.Equal(DiagnosticSeverity.Warning, severities[RuleIdentifiers.HighCardinalityLabelKey]);
        Assert.Equal(DiagnosticSeverity.Warning, severities[RuleIdentifiers.CardinalityBudgetExceeded]);
        Assert.Equal(DiagnosticSeverity.Warning, severities[RuleIdentifiers.InvalidPrometheusName]);
        Assert.Equal(DiagnosticSeverity.Warning, severities[RuleIdentifiers.PrometheusNameCollision]);
        Assert.Equal(DiagnosticSeverity.Error, severities[RuleIdentifiers.MetricKindClash]);
        Assert.Equal(DiagnosticSeverity.Error, severities[RuleIdentifiers.NodeClassMustBePartial]);
        Assert.Equal(DiagnosticSeverity.Error, severities[RuleIdentifiers.ClassAttributeRequiresNode]);
        Assert.Equal(DiagnosticSeverity.Error, severities[RuleIdentifiers.WrappedNodeMemberUnavailable]);
        Assert.Equal(DiagnosticSeverity.Warning, severities[RuleIdentifiers.MethodCannotBeIntercepted]);
        Assert.Equal(DiagnosticSeverity.Warning, severities[RuleIdentifiers.ScopeNotDisposed]);
        Assert.Equal(DiagnosticSeverity.Info, severities[RuleIdentifiers.NamingConvention]);

        // Rules for input the generator skips: an error where the user's instrumentation silently disappears.
        Assert.Equal(DiagnosticSeverity.Error, severities[RuleIdentifiers.InvalidAttributeArgument]);
        Assert.Equal(DiagnosticSeverity.Error, severities[RuleIdentifiers.InvalidLabelMember]);
        Assert.Equal(DiagnosticSeverity.Warning, severities[RuleIdentifiers.InstrumentationNotEnabledInProject]);
        Assert.Equal(DiagnosticSeverity.Warning, severities[RuleIdentifiers.LabelHasNoEffect]);

        // GenAI (issue 14): usage that cannot be read and sensitive labels warn; an attribute the generator ignores is an error.
        Assert.Equal(DiagnosticSeverity.Warning, severities[RuleIdentifiers.LlmCallWithoutUsage]);
        Assert.Equal(DiagnosticSeverity.Warning, severities[RuleIdentifiers.SensitiveLabel]);
        Assert.Equal(DiagnosticSeverity.Error, severities[RuleIdentifiers.IgnoredGenAIAttribute]);
    }

    internal static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "NumAgents.Instrumentation.sln"))) return directory.FullName;
        }

        throw new InvalidOperationException("The repository root (NumAgents.Instrumentation.sln) is not above " + AppContext.BaseDirectory);
    }
}
