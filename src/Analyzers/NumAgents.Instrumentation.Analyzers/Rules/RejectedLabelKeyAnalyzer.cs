using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using NumAgents.Instrumentation.Analyzers.Internal;
using NumAgents.Instrumentation.Naming;
using NumAgents.Instrumentation.Validation;

namespace NumAgents.Instrumentation.Analyzers.Rules;

/// <summary>
/// NAI0019: a label key the runtime rejects (empty, <c>le</c> on a histogram or timer, the overflow series'
/// <c>otel_metric_overflow</c>), decided by the runtime's own rule so compile time and run time agree.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class RejectedLabelKeyAnalyzer : DiagnosticAnalyzer
{
    internal static readonly DiagnosticDescriptor Rule = RuleIdentifiers.CreateRule(
        RuleIdentifiers.RejectedLabelKey,
        title: "Label key the runtime rejects",
        messageFormat: "Label '{0}' of metric '{1}' {2}; the runtime rejects it with an ArgumentException",
        category: "Usage",
        defaultSeverity: DiagnosticSeverity.Error,
        description: "A label key is exported under its sanitized name, and some names are taken: a histogram's buckets own le, and the series that holds label sets past the cardinality limit owns otel_metric_overflow. An empty or whitespace key has no name at all. The collector throws ArgumentException for such a key (instrumentation generated from attributes contains the failure and records nothing), so the mistake is reported where it is written.");

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
            if (symbols.MetricsCollector is not null)
            {
                start.RegisterOperationAction(context => AnalyzeInvocation(context, symbols), OperationKind.Invocation);
            }

            if (symbols.HasInstrumentationAttributes)
            {
                start.RegisterSymbolAction(context => AnalyzeAttributes(context, symbols), SymbolKind.NamedType, SymbolKind.Method);
            }
        });
    }

    private static void AnalyzeInvocation(OperationAnalysisContext context, InstrumentationSymbols symbols)
    {
        var call = InstrumentationCall.From((IInvocationOperation)context.Operation, symbols);
        if (!call.IsMetric || call.LabelsArgument is not { } labels) return;
        var isHistogram = call.MetricKind is MetricKind.Histogram or MetricKind.Timer;
        var name = call.ConstantName ?? "(computed name)";
        foreach (var pair in LabelSetReader.Read(labels.Value, symbols.Labels, out _))
        {
            if (pair.Key is { } key && PrometheusLabelRules.WhyRejected(key, isHistogram) is { } reason)
            {
                context.ReportDiagnostic(Diagnostic.Create(Rule, pair.KeyOperation.Syntax.GetLocation(), key, name, reason));
            }
        }
    }

    /// <summary>
    /// The keys of <c>[Label]</c> members and <c>ExtraLabels</c>. The generator's own rules (NAI0014) already
    /// reject what is not a plain label name and <c>le</c> next to <c>[Timed]</c>; what is left for this rule is
    /// a key those rules accept and the runtime does not.
    /// </summary>
    private static void AnalyzeAttributes(SymbolAnalysisContext context, InstrumentationSymbols symbols)
    {
        var symbol = context.Symbol;
        if (!InstrumentationInput.HasInstrumentAttribute(symbol)) return;
        var isNode = symbol is INamedTypeSymbol type && symbols.IsNode(type);
        if (symbol is INamedTypeSymbol && !isNode) return;

        var ignored = new List<InputProblem>();
        var labels = symbol switch
        {
            IMethodSymbol method => InstrumentationInput.ReadParameterLabels(method, ignored),
            INamedTypeSymbol node => InstrumentationInput.ReadNodeLabels(node, context.Compilation, ignored),
            _ => [],
        };
        var attributes = symbol.GetAttributes();
        var readings = InstrumentationInput.ReadInstruments(attributes, labels, isNode, ignored);
        var metric = readings.Where(r => r.Kind != InstrumentAttributeKind.Traced)
            .Select(r => MetricUnits.OfAttribute(symbols, r.Attribute, isNode)?.Name)
            .FirstOrDefault(n => n is not null) ?? symbol.Name;

        foreach (var label in labels)
        {
            Report(context, label.Key, metric, label.Attribute);
        }

        foreach (var reading in readings)
        {
            foreach (var extra in reading.ExtraLabels)
            {
                Report(context, extra.Key, metric, reading.Attribute);
            }
        }
    }

    private static void Report(SymbolAnalysisContext context, string key, string metric, AttributeData attribute)
    {
        if (PrometheusLabelRules.WhyRejected(key, isHistogram: false) is not { } reason) return;
        if (attribute.ApplicationSyntaxReference?.GetSyntax(context.CancellationToken) is not { } syntax) return;
        context.ReportDiagnostic(Diagnostic.Create(Rule, syntax.GetLocation(), key, metric, reason));
    }
}
