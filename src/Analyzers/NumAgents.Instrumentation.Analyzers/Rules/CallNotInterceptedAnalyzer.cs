using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using NumAgents.Instrumentation.Analyzers.Internal;
using NumAgents.Instrumentation.Validation;

namespace NumAgents.Instrumentation.Analyzers.Rules;

/// <summary>
/// NAI0017: a call to a method the generator instruments that it leaves alone, because an interceptor would
/// change what the call does (<see cref="CallSiteRules.WhyCallNotIntercepted"/>, the generator's own test).
/// The method's other calls are instrumented; this one records nothing.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CallNotInterceptedAnalyzer : DiagnosticAnalyzer
{
    internal static readonly DiagnosticDescriptor Rule = RuleIdentifiers.CreateRule(
        RuleIdentifiers.CallNotIntercepted,
        title: "Call to an instrumented method is not instrumented",
        messageFormat: "This call to '{0}' records nothing: {1}",
        category: "Usage",
        defaultSeverity: DiagnosticSeverity.Warning,
        description: "The generator replaces each call to an instrumented method by an interceptor that takes the instance the method is called on. An interface member called on a type parameter that may be a struct is a constrained call: it runs on the caller's own struct, while an interceptor could only take the interface, so the struct would be boxed and a mutation would change a copy. Such a call is left as written and records no span, timer or counter.");

    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Rule);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(OnCompilationStart);
    }

    private static void OnCompilationStart(CompilationStartAnalysisContext context)
    {
        // Without interceptors no call is instrumented, and NAI0015 says so once for the method.
        var compilation = context.Compilation;
        if (compilation.SyntaxTrees.FirstOrDefault()?.Options is not { } options || !InterceptionRules.CanGenerate(options) || !InterceptionRules.AllowsInterceptors(options)) return;
        if (!InstrumentationSymbols.GetOrCreate(compilation).HasInstrumentationAttributes) return;
        context.RegisterOperationAction(c => AnalyzeInvocation(c, compilation), OperationKind.Invocation);
    }

    /// <summary>The generator's tests for a call, in its order; the report comes where it would skip only this call.</summary>
    private static void AnalyzeInvocation(OperationAnalysisContext context, Compilation compilation)
    {
        var invocation = (IInvocationOperation)context.Operation;
        if (invocation.Syntax is not InvocationExpressionSyntax syntax || !CallSiteRules.IsCandidateInvocation(syntax)) return;
        var target = CallSiteRules.InterceptedMethod(invocation.TargetMethod);
        if (!InstrumentationInput.HasInstrumentAttribute(target)) return;
        if (CallSiteRules.WhyCallNotIntercepted(target, invocation.Instance?.Type) is not { } reason) return;

        // A method the generator never intercepts is NAI0010's to explain; a call in an expression tree is data.
        if (InterceptionRules.WhyNotInterceptable(target, compilation) is not null) return;
        if (invocation.SemanticModel is not { } model || CallSiteRules.IsInExpressionTree(syntax, model, context.CancellationToken)) return;
        var name = (target.ContainingType is { } type ? type.Name + "." : string.Empty) + target.Name;
        context.ReportDiagnostic(Diagnostic.Create(Rule, syntax.GetLocation(), name, reason));
    }
}
