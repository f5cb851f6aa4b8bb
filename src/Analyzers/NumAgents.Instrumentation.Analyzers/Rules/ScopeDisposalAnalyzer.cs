using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using NumAgents.Instrumentation.Analyzers.Internal;

namespace NumAgents.Instrumentation.Analyzers.Rules;

/// <summary>
/// NAI0011: the result of <c>Timer(...)</c>, <c>StartTimer(...)</c>, <c>Span(...)</c> or <c>StartSpan(...)</c>
/// is dropped or kept in a local that is never disposed, ended or handed on.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ScopeDisposalAnalyzer : DiagnosticAnalyzer
{
    internal static readonly DiagnosticDescriptor Rule = RuleIdentifiers.CreateRule(
        RuleIdentifiers.ScopeNotDisposed,
        title: "Timer or span is never disposed",
        messageFormat: "The {0} started by '{1}' is never disposed; {2}",
        category: "Reliability",
        defaultSeverity: DiagnosticSeverity.Warning,
        description: "A timer records its duration when disposed, and a span ends when disposed. Dropping the result loses the measurement; a span left open is never exported, and one from Tracer.Span stays the current span, so every later span on the same flow becomes its child. Use a using statement or declaration.");

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
            if (symbols.MetricsCollector is null && symbols.Tracer is null) return;
            start.RegisterOperationAction(context => Analyze(context, symbols), OperationKind.Invocation);
        });
    }

    private static void Analyze(OperationAnalysisContext context, InstrumentationSymbols symbols)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var call = InstrumentationCall.From(invocation, symbols);
        if (!call.StartsScope) return;

        // Tracer.Span makes its span current until it ends; StartSpan never makes it current.
        var (what, consequence, localName) = call.Kind == InstrumentationCallKind.Span
            ? ("span", invocation.TargetMethod.Name == "Span"
                ? "it never ends and stays the current span, so later spans become its children"
                : "it never ends, so it is never exported and its trace is never complete", "span")
            : ("timer", "its duration is never recorded", "timer");

        var use = FollowFluentCalls(Consumer(invocation), invocation.Type);
        string? shape = null;
        switch (use.Parent)
        {
            case IExpressionStatementOperation:
                shape = DiagnosticProperties.ScopeShapeDiscarded;
                break;
            case ISimpleAssignmentOperation { Target: IDiscardOperation } discard when discard.Parent is IExpressionStatementOperation:
                shape = DiagnosticProperties.ScopeShapeDiscarded;
                break;
            case IInvocationOperation receiverCall when receiverCall.Instance == use && !IsEnding(receiverCall.TargetMethod.Name):
                shape = string.Empty;
                break;
            case IPropertyReferenceOperation or IFieldReferenceOperation:
                shape = string.Empty;
                break;
            case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator }
                when !IsUsingResource(declarator) && !IsHandled(declarator.Symbol, invocation.Type, LocalValues.Root(invocation), out var reassigned):
                shape = reassigned ? string.Empty : DiagnosticProperties.ScopeShapeLocal;
                break;
        }

        if (shape is null) return;

        var properties = ImmutableDictionary<string, string?>.Empty;
        if (shape.Length > 0)
        {
            properties = properties
                .Add(DiagnosticProperties.ScopeShape, shape)
                .Add(DiagnosticProperties.SuggestedLocalName, localName);
        }

        // On a chain (tracer.Span("x").SetAttribute(...)) the whole chain is what a using must hold.
        var reported = use is IInvocationOperation ? use : invocation;
        context.ReportDiagnostic(Diagnostic.Create(Rule, reported.Syntax.GetLocation(), properties, what, invocation.TargetMethod.Name, consequence));
    }

    // Span's setters (SetAttribute, AddEvent, SetStatus...) return the span itself, so whoever receives the end
    // of the chain holds the span.
    private static IOperation FollowFluentCalls(IOperation use, ITypeSymbol? type)
    {
        while (type is not null
            && use.Parent is IInvocationOperation next
            && next.Instance == use
            && !IsEnding(next.TargetMethod.Name)
            && SymbolEqualityComparer.Default.Equals(next.Type, type))
        {
            use = Consumer(next);
        }

        return use;
    }

    // Implicit conversions (a MetricTimer boxed to IDisposable) do not change who holds the value.
    private static IOperation Consumer(IOperation operation)
    {
        while (operation.Parent is IConversionOperation { IsImplicit: true } conversion)
        {
            operation = conversion;
        }

        return operation;
    }

    // declarator -> declaration -> declaration group -> using statement or using declaration
    private static bool IsUsingResource(IVariableDeclaratorOperation declarator)
        => declarator.Parent?.Parent?.Parent is IUsingOperation or IUsingDeclarationOperation;

    private static bool IsInsideFunction(IOperation operation, IOperation root)
    {
        for (var current = operation.Parent; current is not null && current != root; current = current.Parent)
        {
            if (current is IAnonymousFunctionOperation or ILocalFunctionOperation) return true;
        }

        return false;
    }

    private static bool IsEnding(string methodName) => methodName is "Dispose" or "Finish" or "End";

    /// <summary>
    /// Whether the local is disposed, ended or handed on anywhere in the body. Only a local that is merely read
    /// from (<c>span.SetAttribute(...)</c>, <c>timer.Elapsed</c>) counts as never disposed: passing it to a method,
    /// returning it, storing it or capturing it moves the duty elsewhere.
    /// </summary>
    private static bool IsHandled(ILocalSymbol local, ITypeSymbol? type, IOperation root, out bool reassigned)
    {
        reassigned = false;
        foreach (var operation in root.Descendants())
        {
            if (operation is not ILocalReferenceOperation reference || !SymbolEqualityComparer.Default.Equals(reference.Local, local)) continue;
            if (LocalValues.IsWrite(reference))
            {
                reassigned = true;
                continue;
            }

            // A delegate that captures the local may dispose it later.
            if (IsInsideFunction(reference, root)) return true;

            var use = FollowFluentCalls(Consumer(reference), type);
            switch (use.Parent)
            {
                case IInvocationOperation call when call.Instance == use:
                    if (IsEnding(call.TargetMethod.Name)) return true;
                    break;
                case IPropertyReferenceOperation or IFieldReferenceOperation:
                    break;

                // The end of a fluent chain (span.SetAttribute(...);) whose result nobody keeps.
                case IExpressionStatementOperation:
                case ISimpleAssignmentOperation { Target: IDiscardOperation }:
                    break;
                default:
                    return true;
            }
        }

        return false;
    }
}
