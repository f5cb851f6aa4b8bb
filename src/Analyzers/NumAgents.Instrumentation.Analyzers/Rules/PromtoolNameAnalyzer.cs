using System.Collections.Concurrent;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using NumAgents.Instrumentation.Analyzers.Internal;
using NumAgents.Instrumentation.Naming;

namespace NumAgents.Instrumentation.Analyzers.Rules;

/// <summary>
/// NAI0018: a metric whose exported name (conventional naming, as the runtime writes it by default) or
/// label names <c>promtool check metrics</c> reports, which fails a CI step that lints metrics.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class PromtoolNameAnalyzer : DiagnosticAnalyzer
{
    internal static readonly DiagnosticDescriptor Rule = RuleIdentifiers.CreateRule(
        RuleIdentifiers.PromtoolRejectsName,
        title: "Metric exports under a name promtool rejects",
        messageFormat: "Metric '{0}' exports as '{1}', which promtool check metrics reports: {2}",
        category: "Naming",
        defaultSeverity: DiagnosticSeverity.Warning,
        description: "The exporter adds _total to counters, reports timers in seconds as _seconds and turns a declared unit into a suffix, so most names come out as Prometheus expects. What it cannot fix is reported here in promtool's words: a unit that is not a base unit (milliseconds, kilobytes), an abbreviated unit (_ms, _kb), _total, _count, _sum or _bucket on a kind that does not own it, a type name in the name, camelCase, or the le and quantile labels outside histograms and summaries.");

    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Rule);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(static start =>
        {
            var symbols = InstrumentationSymbols.GetOrCreate(start.Compilation);

            // Most names are written many times; each name, kind and unit is linted once per compilation.
            var verdicts = new ConcurrentDictionary<(string, MetricKind, string?), (string Exported, IReadOnlyList<string> Problems)>();
            if (symbols.MetricsCollector is not null)
            {
                start.RegisterOperationAction(context => AnalyzeInvocation(context, symbols, verdicts), OperationKind.Invocation);
            }

            if (symbols.HasInstrumentationAttributes)
            {
                start.RegisterSymbolAction(context => AnalyzeAttributes(context, symbols, verdicts), SymbolKind.NamedType, SymbolKind.Method);
            }
        });
    }

    private static void AnalyzeInvocation(OperationAnalysisContext context, InstrumentationSymbols symbols, ConcurrentDictionary<(string, MetricKind, string?), (string Exported, IReadOnlyList<string> Problems)> verdicts)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var call = InstrumentationCall.From(invocation, symbols);
        if (!call.IsMetric || call.ConstantName is not { } name || call.NameArgument is not { } argument) return;
        if (PrometheusNameSanitizer.WhyUnusableMetricName(name) is not null) return; // NAI0004's business

        var (exported, problems) = verdicts.GetOrAdd((name, call.MetricKind, MetricUnits.OfCall(invocation)), Judge);
        var labelProblems = LabelProblems(call, symbols);
        if (problems.Count == 0 && labelProblems.Count == 0) return;
        context.ReportDiagnostic(Diagnostic.Create(Rule, argument.Value.Syntax.GetLocation(), name, exported, string.Join("; ", problems.Concat(labelProblems).Distinct())));
    }

    private static void AnalyzeAttributes(SymbolAnalysisContext context, InstrumentationSymbols symbols, ConcurrentDictionary<(string, MetricKind, string?), (string Exported, IReadOnlyList<string> Problems)> verdicts)
    {
        var isNode = context.Symbol is INamedTypeSymbol type && symbols.IsNode(type);
        if (context.Symbol is INamedTypeSymbol && !isNode) return;
        foreach (var attribute in context.Symbol.GetAttributes())
        {
            if (MetricUnits.OfAttribute(symbols, attribute, isNode) is not var (name, kind, unit)) continue;
            if (PrometheusNameSanitizer.WhyUnusableMetricName(name) is not null) continue;
            var (exported, problems) = verdicts.GetOrAdd((name, kind, unit), Judge);
            if (problems.Count == 0) continue;
            var location = AttributeNames.Location(attribute, context.CancellationToken);
            if (location == Location.None) continue;
            context.ReportDiagnostic(Diagnostic.Create(Rule, location, name, exported, string.Join("; ", problems)));
        }
    }

    /// <summary>The text-format family name the runtime writes by default, and what promtool says about it.</summary>
    private static (string Exported, IReadOnlyList<string> Problems) Judge((string Name, MetricKind Kind, string? Unit) metric)
    {
        var kind = MetricUnits.KindOf(metric.Kind);
        var exported = PrometheusFamilyName.Create(metric.Name, kind, metric.Unit).FamilyName(conventional: true, openMetrics: false);
        return (exported, PromtoolLint.NameProblems(exported, kind));
    }

    /// <summary>Findings about the constant label keys written at the call.</summary>
    private static IReadOnlyList<string> LabelProblems(InstrumentationCall call, InstrumentationSymbols symbols)
    {
        if (call.LabelsArgument is not { } labels) return [];
        var keys = LabelSetReader.Read(labels.Value, symbols.Labels, out _)
            .Select(pair => pair.Key)
            .Where(key => key is not null && key.Trim().Length > 0)
            .Select(key => PrometheusNameSanitizer.SanitizeLabelName(key!))
            .ToArray();
        if (keys.Length == 0) return [];

        return PromtoolLint.LabelProblems(MetricUnits.KindOf(call.MetricKind), keys);
    }
}
