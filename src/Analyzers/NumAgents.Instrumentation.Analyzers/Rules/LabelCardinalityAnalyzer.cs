using System.Collections.Immutable;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using NumAgents.Instrumentation.Analyzers.Internal;

namespace NumAgents.Instrumentation.Analyzers.Rules;

/// <summary>
/// NAI0001 (unbounded label value), NAI0002 (high-cardinality label key) and NAI0003 (cardinality budget per
/// metric): every label written at a metrics call, and every <c>[Label]</c> parameter or property.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class LabelCardinalityAnalyzer : DiagnosticAnalyzer
{
    internal static readonly DiagnosticDescriptor UnboundedValueRule = RuleIdentifiers.CreateRule(
        RuleIdentifiers.HighCardinalityLabelValue,
        title: "Label value comes from an unbounded source",
        messageFormat: "Label '{0}' on {1} gets its value from {2}; every distinct value creates a new series",
        category: "Cardinality",
        defaultSeverity: DiagnosticSeverity.Warning,
        description: "A label value drawn from a Guid, a timestamp, a number, random data or text built from such parts has no fixed set of values, so the metric grows one series per value until the runtime folds the excess into an overflow series. Use a bounded value (an enum, a bool, a constant) or record the detail on a span.");

    internal static readonly DiagnosticDescriptor HighCardinalityKeyRule = RuleIdentifiers.CreateRule(
        RuleIdentifiers.HighCardinalityLabelKey,
        title: "Label key names a per-user, per-request or per-event value",
        messageFormat: "Label key '{0}' on {1} usually holds one value per user, request or event; every distinct value creates a new series",
        category: "Cardinality",
        defaultSeverity: DiagnosticSeverity.Warning,
        description: "Keys such as user_id, request_id, session_id, trace_id, span_id, email, ip, url, timestamp or uuid identify individual events; as metric labels they make a series per event. The list is configurable with numagents_instrumentation.high_cardinality_label_keys.");

    internal static readonly DiagnosticDescriptor BudgetRule = RuleIdentifiers.CreateRule(
        RuleIdentifiers.CardinalityBudgetExceeded,
        title: "Metric can exceed its cardinality budget",
        messageFormat: "Metric '{0}' can reach {1} label sets ({2}), over the budget of {3}",
        category: "Cardinality",
        defaultSeverity: DiagnosticSeverity.Warning,
        description: "The number of label sets a metric can reach is the product of the number of values each label key can take (enum members, 2 for a bool, the distinct constants seen across the compilation, unbounded for a Guid, timestamp or number). Past the budget (default 2000, the runtime's limit; numagents_instrumentation.cardinality_budget) the runtime folds new series into an overflow series.",
        customTags: WellKnownDiagnosticTags.CompilationEnd);

    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(UnboundedValueRule, HighCardinalityKeyRule, BudgetRule);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(OnCompilationStart);
    }

    private static void OnCompilationStart(CompilationStartAnalysisContext context)
    {
        var symbols = InstrumentationSymbols.GetOrCreate(context.Compilation);
        if (symbols.MetricsCollector is null && symbols.LabelAttribute is null) return;

        var analysis = new Analysis(symbols, new AnalyzerSettings(context.Options));
        context.RegisterOperationAction(analysis.AnalyzeInvocation, OperationKind.Invocation);
        if (symbols.LabelAttribute is not null || symbols.HasInstrumentationAttributes)
        {
            context.RegisterSymbolAction(analysis.AnalyzeLabelMember, SymbolKind.NamedType, SymbolKind.Method, SymbolKind.Property);
        }

        context.RegisterCompilationEndAction(analysis.ReportBudgets);
    }

    private sealed class Analysis
    {
        private readonly InstrumentationSymbols _symbols;
        private readonly AnalyzerSettings _settings;
        private readonly ValueClassifier _classifier;
        private readonly CardinalityLedger _ledger = new();

        public Analysis(InstrumentationSymbols symbols, AnalyzerSettings settings)
        {
            _symbols = symbols;
            _settings = settings;
            _classifier = new ValueClassifier(symbols);
        }

        public void AnalyzeInvocation(OperationAnalysisContext context)
        {
            var invocation = (IInvocationOperation)context.Operation;
            var call = InstrumentationCall.From(invocation, _symbols);
            if (call.IsMetric)
            {
                AnalyzeMetricCall(context, call);
            }
            else if (_symbols.LabelAttribute is not null && invocation.TargetMethod is { Parameters.Length: > 0 } target && target.Locations.Length > 0 && target.Locations[0].IsInSource)
            {
                AnalyzeLabelArguments(context, invocation);
            }
        }

        private void AnalyzeMetricCall(OperationAnalysisContext context, InstrumentationCall call)
        {
            if (call.LabelsArgument is not { ArgumentKind: not ArgumentKind.DefaultValue } labelsArgument) return;

            var pairs = LabelSetReader.Read(labelsArgument.Value, _symbols.Labels, out var complete);
            if (pairs.IsEmpty) return;

            var metricName = call.ConstantName;
            var subject = metricName is null ? "this metric" : "metric '" + metricName + "'";
            var keys = _settings.GetKeyMatcher(context.Operation.Syntax.SyntaxTree);
            var ledgerLabels = ImmutableArray.CreateBuilder<KeyValuePair<string, ValueShape>>(pairs.Length);
            foreach (var pair in pairs)
            {
                var shape = _classifier.Classify(pair.ValueOperation);
                var keyText = pair.Key ?? pair.KeyOperation.Syntax.ToString();
                if (shape.IsUnbounded)
                {
                    var properties = ImmutableDictionary<string, string?>.Empty;
                    if (_symbols.Span is not null && SpanScopes.FindEnclosingSpan(context.Operation, _symbols.Span) is { } span)
                    {
                        properties = properties.Add(DiagnosticProperties.SpanLocal, span.Name);
                    }

                    context.ReportDiagnostic(Diagnostic.Create(UnboundedValueRule, pair.ValueOperation.Syntax.GetLocation(), properties, keyText, subject, shape.Source));
                }

                if (pair.Key is not null)
                {
                    if (keys.IsHighCardinality(pair.Key))
                    {
                        context.ReportDiagnostic(Diagnostic.Create(HighCardinalityKeyRule, pair.KeyOperation.Syntax.GetLocation(), pair.Key, subject));
                    }

                    ledgerLabels.Add(new KeyValuePair<string, ValueShape>(pair.Key, shape));
                }
                else
                {
                    complete = false;
                }
            }

            // A label set the analyzer cannot fully see would make any estimate a guess.
            if (metricName is not null && complete && call.NameArgument is { } nameArgument)
            {
                _ledger.Add(metricName, nameArgument.Value.Syntax.GetLocation(), ledgerLabels.ToImmutable());
            }
        }

        // A call to an instrumented method: each argument for a [Label] parameter becomes a label value.
        private void AnalyzeLabelArguments(OperationAnalysisContext context, IInvocationOperation invocation)
        {
            var method = invocation.TargetMethod;
            if (!HasInstrumentationAttribute(method)) return;

            foreach (var argument in invocation.Arguments)
            {
                if (argument.ArgumentKind == ArgumentKind.DefaultValue || argument.Parameter is not { } parameter) continue;
                if (!_symbols.HasLabelAttribute(parameter.OriginalDefinition, out var attribute)) continue;

                // A parameter whose type alone is unbounded is reported once, on the parameter.
                if (_classifier.ClassifyType(parameter.Type).IsUnbounded) continue;

                var shape = _classifier.Classify(argument.Value);
                if (shape.IsUnbounded)
                {
                    context.ReportDiagnostic(Diagnostic.Create(
                        UnboundedValueRule,
                        argument.Value.Syntax.GetLocation(),
                        LabelName(parameter, attribute),
                        MethodSubject(method),
                        shape.Source));
                }
            }
        }

        public void AnalyzeLabelMember(SymbolAnalysisContext context)
        {
            if (context.Symbol is INamedTypeSymbol or IMethodSymbol) AnalyzeExtraLabels(context);

            switch (context.Symbol)
            {
                case IMethodSymbol method when method.Parameters.Length > 0 && HasInstrumentationAttribute(method):
                    foreach (var parameter in method.Parameters)
                    {
                        if (_symbols.HasLabelAttribute(parameter, out var attribute))
                        {
                            AnalyzeLabelDeclaration(context, parameter, parameter.Type, attribute, MethodSubject(method));
                        }
                    }

                    break;
                case IPropertySymbol property when _symbols.HasLabelAttribute(property, out var attribute):
                    var owner = _symbols.IsNode(property.ContainingType) ? "node '" : "type '";
                    AnalyzeLabelDeclaration(context, property, property.Type, attribute, owner + property.ContainingType.Name + "'");
                    break;
            }
        }

        // [Counted(ExtraLabels = ["user_id=42"])]: constant "key=value" labels on the generated metrics.
        private void AnalyzeExtraLabels(SymbolAnalysisContext context)
        {
            foreach (var attribute in context.Symbol.GetAttributes())
            {
                var kind = _symbols.GetAttributeKind(attribute.AttributeClass);
                if (kind is not (InstrumentationAttributeKind.Traced or InstrumentationAttributeKind.Timed or InstrumentationAttributeKind.Counted)) continue;
                foreach (var named in attribute.NamedArguments)
                {
                    if (named.Key != "ExtraLabels" || named.Value.Kind != TypedConstantKind.Array || named.Value.IsNull) continue;
                    foreach (var entry in named.Value.Values)
                    {
                        if (entry.Value is not string text) continue;
                        var separator = text.IndexOf('=');
                        var key = separator < 0 ? text : text.Substring(0, separator);
                        if (attribute.ApplicationSyntaxReference?.GetSyntax(context.CancellationToken) is not { } syntax) continue;
                        if (_settings.GetKeyMatcher(syntax.SyntaxTree).IsHighCardinality(key))
                        {
                            context.ReportDiagnostic(Diagnostic.Create(HighCardinalityKeyRule, syntax.GetLocation(), key, "[" + kind + "] of '" + context.Symbol.Name + "'"));
                        }
                    }
                }
            }
        }

        private void AnalyzeLabelDeclaration(SymbolAnalysisContext context, ISymbol member, ITypeSymbol type, AttributeData? attribute, string subject)
        {
            if (member.Locations.Length == 0 || !member.Locations[0].IsInSource) return;
            var location = member.Locations[0];
            var name = LabelName(member, attribute);

            var shape = _classifier.ClassifyType(type);
            if (shape.IsUnbounded)
            {
                context.ReportDiagnostic(Diagnostic.Create(UnboundedValueRule, location, name, subject, shape.Source));
            }

            if (_settings.GetKeyMatcher(location.SourceTree!).IsHighCardinality(name))
            {
                context.ReportDiagnostic(Diagnostic.Create(HighCardinalityKeyRule, location, name, subject));
            }
        }

        public void ReportBudgets(CompilationAnalysisContext context)
        {
            foreach (var estimate in _ledger.Estimates())
            {
                var budget = _settings.GetCardinalityBudget(estimate.Location.SourceTree!);
                if (!estimate.IsUnbounded && estimate.LabelSets <= budget) continue;
                context.ReportDiagnostic(Diagnostic.Create(
                    BudgetRule,
                    estimate.Location,
                    estimate.MetricName,
                    estimate.IsUnbounded ? "unbounded" : estimate.LabelSets.ToString("N0", CultureInfo.InvariantCulture),
                    estimate.Keys,
                    budget.ToString("N0", CultureInfo.InvariantCulture)));
            }
        }

        private bool HasInstrumentationAttribute(IMethodSymbol method)
        {
            foreach (var attribute in method.GetAttributes())
            {
                if (_symbols.GetAttributeKind(attribute.AttributeClass) != InstrumentationAttributeKind.None) return true;
            }

            return false;
        }

        private static string LabelName(ISymbol member, AttributeData? attribute)
        {
            if (attribute is not null)
            {
                foreach (var named in attribute.NamedArguments)
                {
                    if (named.Key == "Name" && named.Value.Value is string name && name.Length > 0) return name;
                }

                if (attribute.ConstructorArguments.Length == 1 && attribute.ConstructorArguments[0].Value is string positional && positional.Length > 0)
                {
                    return positional;
                }
            }

            return member.Name;
        }

        private static string MethodSubject(IMethodSymbol method) => "method '" + method.ContainingType.Name + "." + method.Name + "'";
    }
}
