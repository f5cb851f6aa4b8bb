using System.Collections.Concurrent;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using NumAgents.Instrumentation.Analyzers.Internal;
using NumAgents.Instrumentation.Validation;

namespace NumAgents.Instrumentation.Analyzers.Rules;

/// <summary>
/// NAI0015: the project's settings keep the generator from instrumenting. Below C# 12 it generates nothing;
/// without <c>NumAgents.Instrumentation.Generated</c> in <c>InterceptorsNamespaces</c> it intercepts no call.
/// Both are read from the parse options exactly as the generator reads them (<see cref="InterceptionRules"/>);
/// a project that has both registers nothing here, so pays nothing.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ProjectSetupAnalyzer : DiagnosticAnalyzer
{
    internal static readonly DiagnosticDescriptor NotEnabledRule = RuleIdentifiers.CreateRule(
        RuleIdentifiers.InstrumentationNotEnabledInProject,
        title: "Project settings keep the generator from instrumenting",
        messageFormat: "No instrumentation is generated for '{0}': {1}",
        category: "Usage",
        defaultSeverity: DiagnosticSeverity.Warning,
        description: "Generated instrumentation needs C# 12 or later, and method instrumentation needs the project to list NumAgents.Instrumentation.Generated in the MSBuild property InterceptorsNamespaces, which the compiler requires before it accepts interceptors. The NumAgents.Instrumentation package sets that property for its users; a project that references the generator another way, or that overwrites the property, must set it itself. Reported on each instrumented node class (language version) and each attributed method with calls the generator would intercept.",
        WellKnownDiagnosticTags.CompilationEnd);

    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(NotEnabledRule);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(OnCompilationStart);
    }

    private static void OnCompilationStart(CompilationStartAnalysisContext context)
    {
        var compilation = context.Compilation;
        var options = compilation.SyntaxTrees.FirstOrDefault()?.Options;
        if (options is null) return;
        var canGenerate = InterceptionRules.CanGenerate(options);
        if (canGenerate && InterceptionRules.AllowsInterceptors(options)) return;

        var symbols = InstrumentationSymbols.GetOrCreate(compilation);
        if (!symbols.HasInstrumentationAttributes) return;

        var analysis = new Analysis(compilation, symbols, canGenerate ? InterceptorsReason : LanguageReason(options));
        if (!canGenerate) context.RegisterSymbolAction(analysis.AnalyzeType, SymbolKind.NamedType);
        context.RegisterOperationAction(analysis.AnalyzeInvocation, OperationKind.Invocation);
        context.RegisterCompilationEndAction(analysis.Report);
    }

    private const string InterceptorsReason =
        "calls are intercepted only in a project that lists '" + InterceptionRules.GeneratedNamespace + "' in the MSBuild property InterceptorsNamespaces; "
        + "add <InterceptorsNamespaces>$(InterceptorsNamespaces);" + InterceptionRules.GeneratedNamespace + "</InterceptorsNamespaces> "
        + "(the NumAgents.Instrumentation package does, a ProjectReference to the generator does not)";

    private static string LanguageReason(ParseOptions options)
        => "the project compiles C# " + ((CSharpParseOptions)options).LanguageVersion.ToDisplayString()
            + " and generated instrumentation needs C# " + InterceptionRules.MinimumLanguageVersion.ToDisplayString() + " or later; raise <LangVersion>";

    private sealed class Analysis
    {
        private readonly Compilation _compilation;
        private readonly InstrumentationSymbols _symbols;
        private readonly string _reason;
        private readonly ConcurrentQueue<(INamedTypeSymbol Type, Location Location)> _nodes = new();
        private readonly ConcurrentDictionary<IMethodSymbol, Location> _firstCalls = new(SymbolEqualityComparer.Default);

        public Analysis(Compilation compilation, InstrumentationSymbols symbols, string reason)
        {
            _compilation = compilation;
            _symbols = symbols;
            _reason = reason;
        }

        public void AnalyzeType(SymbolAnalysisContext context)
        {
            var type = (INamedTypeSymbol)context.Symbol;
            if (type.TypeKind != TypeKind.Class || !_symbols.IsNode(type)) return;
            if (FirstAttribute(type, context.CancellationToken) is { } location) _nodes.Enqueue((type, location));
        }

        /// <summary>A call the generator would intercept, were it allowed to: the same tests, in the same order.</summary>
        public void AnalyzeInvocation(OperationAnalysisContext context)
        {
            var invocation = (IInvocationOperation)context.Operation;
            if (invocation.Syntax is not InvocationExpressionSyntax syntax || !CallSiteRules.IsCandidateInvocation(syntax)) return;
            var target = CallSiteRules.InterceptedMethod(invocation.TargetMethod);
            if (!InstrumentationInput.HasInstrumentAttribute(target)) return;
            if (InterceptionRules.WhyNotInterceptable(target, _compilation) is not null) return;
            if (invocation.SemanticModel is not { } model) return;
            if (CallSiteRules.IsInExpressionTree(syntax, model, context.CancellationToken)) return;
            if (CallSiteRules.WhyCallNotIntercepted(target, invocation.Instance?.Type) is not null) return;
            if (model.GetInterceptableLocation(syntax, context.CancellationToken) is null) return;

            var location = syntax.GetLocation();
            _firstCalls.AddOrUpdate(target, location, (_, existing) => LocationOrder.Compare(location, existing) < 0 ? location : existing);
        }

        public void Report(CompilationAnalysisContext context)
        {
            foreach (var (type, location) in _nodes)
            {
                context.ReportDiagnostic(Diagnostic.Create(NotEnabledRule, location, Name(type), _reason));
            }

            foreach (var pair in _firstCalls)
            {
                // On the attribute when this project declares the method, else on its first call here.
                var location = FirstAttribute(pair.Key, context.CancellationToken) ?? pair.Value;
                var method = pair.Key;
                context.ReportDiagnostic(Diagnostic.Create(NotEnabledRule, location, Name(method.ContainingType) + "." + method.Name, _reason));
            }
        }

        private Location? FirstAttribute(ISymbol symbol, CancellationToken cancellationToken)
        {
            foreach (var attribute in symbol.GetAttributes())
            {
                if (!InstrumentationInput.IsInstrumentAttribute(attribute)) continue;
                if (attribute.ApplicationSyntaxReference is not { } reference || !_compilation.ContainsSyntaxTree(reference.SyntaxTree)) return null;
                return reference.GetSyntax(cancellationToken).GetLocation();
            }

            return null;
        }

        private static string Name(INamedTypeSymbol type) => type.ContainingType is null ? type.Name : Name(type.ContainingType) + "." + type.Name;
    }
}
