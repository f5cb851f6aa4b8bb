using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using NumAgents.Instrumentation.Analyzers.Internal;
using NumAgents.Instrumentation.Validation;

namespace NumAgents.Instrumentation.Analyzers.Rules;

/// <summary>
/// NAI0021: a metric label in agent code that holds prompt or response text, or a conversation, session, user, thread
/// or chat id, or an e-mail address: a <c>[Label]</c> parameter or property whose key, name or type says so, or a label
/// of a metrics call whose key or value does. Such a label makes a series per conversation or per message and puts
/// personal data into metrics, which every scrape copies and no one redacts; the span is the place for it.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class SensitiveLabelAnalyzer : DiagnosticAnalyzer
{
    internal static readonly DiagnosticDescriptor Rule = RuleIdentifiers.CreateRule(
        RuleIdentifiers.SensitiveLabel,
        title: "Metric label holds prompt or response content or a conversation, session or user id",
        messageFormat: "Label '{0}' on {1} {2}: every value is a new series, and it puts personal data into metrics; record it on the span instead",
        category: "Cardinality",
        defaultSeverity: DiagnosticSeverity.Warning,
        description: "Prompts, responses, messages and their content, conversation, session, user, thread and chat ids and e-mail addresses have no bound, and they are personal data: as metric labels they make a series per conversation or message until the runtime folds the excess into an overflow series, and every scrape copies them into the metrics backend. Spans keep per-call detail and are sampled, redacted and retained per trace: use [SpanAttribute] for a member, span.SetAttribute inside a span. A key that names a bounded property of the content (input_type, message_role, content_type, prompt_template) and model, tool, node, operation or provider are not reported.");

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
            if (symbols.MetricsCollector is not null) start.RegisterOperationAction(c => AnalyzeInvocation(c, symbols), OperationKind.Invocation);
            if (symbols.LabelAttribute is not null) start.RegisterSymbolAction(c => AnalyzeLabelMembers(c, symbols), SymbolKind.Method, SymbolKind.Property);
        });
    }

    private static void AnalyzeInvocation(OperationAnalysisContext context, InstrumentationSymbols symbols)
    {
        var call = InstrumentationCall.From((IInvocationOperation)context.Operation, symbols);
        if (!call.IsMetric || call.LabelsArgument is not { ArgumentKind: not ArgumentKind.DefaultValue } labels) return;

        var pairs = LabelSetReader.Read(labels.Value, symbols.Labels, out _);
        if (pairs.IsEmpty) return;
        var subject = call.ConstantName is { } name ? "metric '" + name + "'" : "this metric";
        foreach (var pair in pairs)
        {
            var why = (pair.Key is { } key ? SensitiveLabels.WhyKey(key) : null) ?? SensitiveLabels.WhyValue(pair.ValueOperation);
            if (why is null) continue;

            // On the value, as NAI0001: inside a span its fix moves the label to the span (MoveLabelToSpanAttributeFixer).
            var properties = ImmutableDictionary<string, string?>.Empty;
            if (symbols.Span is not null && SpanScopes.FindEnclosingSpan(context.Operation, symbols.Span) is { } span)
            {
                properties = properties.Add(DiagnosticProperties.SpanLocal, span.Name);
            }

            context.ReportDiagnostic(Diagnostic.Create(Rule, pair.ValueOperation.Syntax.GetLocation(), properties, pair.Key ?? pair.KeyOperation.Syntax.ToString(), subject, why));
        }
    }

    private static void AnalyzeLabelMembers(SymbolAnalysisContext context, InstrumentationSymbols symbols)
    {
        switch (context.Symbol)
        {
            // A parameter's label is read only when its method is instrumented (NAI0016 says so otherwise).
            case IMethodSymbol method when method.Parameters.Length > 0 && InstrumentationInput.HasInstrumentAttribute(method):
                var canMove = InstrumentationInput.RecordsSpan(method.GetAttributes());
                foreach (var parameter in method.Parameters)
                {
                    if (InstrumentationInput.LabelAttributeOf(parameter) is { } label)
                    {
                        Report(context, parameter, parameter.Type, label, "method '" + InstrumentationInput.OwnerName(method) + "'", canMove);
                    }
                }

                break;

            // A property's label is read only on a node (NAI0016 says so otherwise).
            case IPropertySymbol property when symbols.IsNode(property.ContainingType) && InstrumentationInput.LabelAttributeOf(property) is { } label:
                // The node's span, or the span of an instrumented class deriving from it, can take the value instead.
                var attributes = property.ContainingType.GetAttributes();
                var moves = InstrumentationInput.RecordsSpan(attributes) || !InstrumentationInput.HasInstrumentAttribute(property.ContainingType);
                Report(context, property, property.Type, label, "node '" + InstrumentationInput.OwnerName(property.ContainingType) + "'", moves);
                break;
        }
    }

    private static void Report(SymbolAnalysisContext context, ISymbol member, ITypeSymbol type, AttributeData label, string subject, bool canMoveToSpan)
    {
        if (label.ApplicationSyntaxReference?.GetSyntax(context.CancellationToken) is not { } syntax) return;
        var key = LabelKey(member, label);
        // The type is the surest sign, then the key the label gets, then the member's own name.
        var why = SensitiveLabels.WhyType(type) ?? SensitiveLabels.WhyKey(key) ?? (key != member.Name ? SensitiveLabels.WhyKey(member.Name) : null);
        if (why is null) return;

        // On the [Label] itself, which its fix turns into [SpanAttribute] where the member has a span to write on.
        var properties = canMoveToSpan ? ImmutableDictionary<string, string?>.Empty.Add(DiagnosticProperties.LabelToSpanAttribute, "true") : ImmutableDictionary<string, string?>.Empty;
        context.ReportDiagnostic(Diagnostic.Create(Rule, syntax.GetLocation(), properties, key, subject, why));
    }

    /// <summary>The key the generator gives the label: the attribute's name, else the member's name in snake_case.</summary>
    private static string LabelKey(ISymbol member, AttributeData label)
        => label.ConstructorArguments.Length == 1 && label.ConstructorArguments[0].Value is string name && name.Trim().Length > 0 ? name : InstrumentationInput.ToSnakeCase(member.Name);
}
