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
/// NAI0007-NAI0010: <c>[Traced]</c>, <c>[Timed]</c> and <c>[Counted]</c> where the generator cannot honour
/// them. Each is a compiler error (CS0260, CS0239, CS0111) or a silent no-op otherwise; these say why first.
/// Beyond the cases they name themselves, NAI0009 and NAI0010 report every reason the generator's own rules
/// (<see cref="NodeRules"/>, <see cref="InterceptionRules"/>) give for skipping a class or method.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class InstrumentationAttributeAnalyzer : DiagnosticAnalyzer
{
    internal static readonly DiagnosticDescriptor MustBePartialRule = RuleIdentifiers.CreateRule(
        RuleIdentifiers.NodeClassMustBePartial,
        title: "Instrumented node class must be partial",
        messageFormat: "Node class '{0}' has [{1}], so {2} must be partial: the generated instrumentation is a partial declaration of the class",
        category: "Usage",
        defaultSeverity: DiagnosticSeverity.Error,
        description: "The generator overrides InvokeNode (or InvokeNodeAsync) in a second partial declaration of the node class; the class and every type containing it must be declared partial, or the build fails with CS0260.");

    internal static readonly DiagnosticDescriptor RequiresNodeRule = RuleIdentifiers.CreateRule(
        RuleIdentifiers.ClassAttributeRequiresNode,
        title: "Class-level instrumentation attribute on a type that is not a Node",
        messageFormat: "[{0}] on class '{1}' needs a class deriving from NumAgents.Core.Node; on other types put it on the methods to instrument",
        category: "Usage",
        defaultSeverity: DiagnosticSeverity.Error,
        description: "On a class, [Traced], [Timed] and [Counted] instrument every execution of a node through the generated override of InvokeNode; a class that is not a node has no such member, so the attribute would do nothing.");

    internal static readonly DiagnosticDescriptor WrappedMemberRule = RuleIdentifiers.CreateRule(
        RuleIdentifiers.WrappedNodeMemberUnavailable,
        title: "Node class cannot be extended by the generated instrumentation",
        messageFormat: "Node class '{0}' cannot take [{1}]: {2}",
        category: "Usage",
        defaultSeverity: DiagnosticSeverity.Error,
        description: "The generated code is a partial declaration of the node class, in another file, that overrides InvokeNode (InvokeNodeAsync for an AsyncNode) and declares InvokeNodeUninstrumented and members prefixed __numAgents. If the class already declares one of those names, if a base class sealed or hid the seam, or if the class or a type containing it is file-local, no code is generated.");

    internal static readonly DiagnosticDescriptor NeverInterceptedRule = RuleIdentifiers.CreateRule(
        RuleIdentifiers.MethodCannotBeIntercepted,
        title: "Instrumentation attribute on a method whose calls cannot be intercepted",
        messageFormat: "[{0}] on '{1}' has no effect: {2}",
        category: "Usage",
        defaultSeverity: DiagnosticSeverity.Warning,
        description: "Method instrumentation rewrites call sites with interceptors. Accessors, operators, finalizers, local functions, lambdas, explicit interface implementations, the entry point and overrides called only from another assembly are never reached through a call site the generator can rewrite. Nor are methods the generated interceptor cannot call or name: private or protected methods, methods of private or file-local types, signatures with pointers or inaccessible types, ref returns, __arglist, static abstract interface members, [UnscopedRef], type parameters that reuse a containing type's names or start with '__' (the generated code's prefix), and names that are not C# identifiers.");

    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(MustBePartialRule, RequiresNodeRule, WrappedMemberRule, NeverInterceptedRule);

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
        if (!symbols.HasInstrumentationAttributes) return;

        var analysis = new Analysis(symbols, context.Compilation);
        context.RegisterSymbolAction(analysis.AnalyzeType, SymbolKind.NamedType);
        context.RegisterSymbolAction(analysis.AnalyzeMethod, SymbolKind.Method);
        context.RegisterOperationAction(analysis.AnalyzeFunction, OperationKind.LocalFunction, OperationKind.AnonymousFunction);
    }

    private sealed class Analysis
    {
        private readonly InstrumentationSymbols _symbols;
        private readonly Compilation _compilation;

        public Analysis(InstrumentationSymbols symbols, Compilation compilation)
        {
            _symbols = symbols;
            _compilation = compilation;
        }

        public void AnalyzeType(SymbolAnalysisContext context)
        {
            var type = (INamedTypeSymbol)context.Symbol;
            if (type.TypeKind != TypeKind.Class) return;

            var attributes = InstrumentationAttributes(type);
            if (attributes.IsEmpty) return;

            if (!_symbols.IsNode(type))
            {
                foreach (var (attribute, kind) in attributes)
                {
                    context.ReportDiagnostic(Diagnostic.Create(RequiresNodeRule, Where(attribute, context.CancellationToken), kind.ToString(), type.Name));
                }

                return;
            }

            var first = attributes[0];
            var notPartial = new List<string>();
            for (var current = type; current is not null; current = current.ContainingType)
            {
                if (!IsPartial(current, context.CancellationToken)) notPartial.Insert(0, "'" + current.Name + "'");
            }

            if (notPartial.Count > 0 && type.Locations.Length > 0)
            {
                var which = notPartial.Count == 1 ? notPartial[0] : string.Join(", ", notPartial.Take(notPartial.Count - 1)) + " and " + notPartial[notPartial.Count - 1];
                context.ReportDiagnostic(Diagnostic.Create(MustBePartialRule, type.Locations[0], DisplayName(type), first.Kind.ToString(), which));
            }

            var cancellationToken = context.CancellationToken;
            var reason = WhyWrappedMemberUnavailable(type, cancellationToken);
            if (reason is null && NodeRules.WhyCannotExtend(type, _symbols.IsAsyncNode(type), m => GeneratedCode.IsGenerated(m, _symbols, cancellationToken), out _) is { } text)
            {
                reason = (text, null);
            }

            if (reason is { } found)
            {
                context.ReportDiagnostic(Diagnostic.Create(
                    WrappedMemberRule,
                    Where(first.Attribute, context.CancellationToken),
                    found.Location is null ? null : new[] { found.Location },
                    DisplayName(type),
                    first.Kind.ToString(),
                    found.Text));
            }
        }

        public void AnalyzeMethod(SymbolAnalysisContext context)
        {
            var method = (IMethodSymbol)context.Symbol;
            var attributes = InstrumentationAttributes(method);
            if (attributes.IsEmpty) return;
            if ((WhyNeverIntercepted(method, context.CancellationToken) ?? InterceptionRules.WhyNotInterceptable(method, _compilation)) is { } reason)
            {
                Report(context.ReportDiagnostic, attributes, MethodName(method), reason, context.CancellationToken);
            }
        }

        public void AnalyzeFunction(OperationAnalysisContext context)
        {
            // Almost no lambda or local function carries attributes; the syntax says so without binding any.
            var hasAttributes = context.Operation.Syntax switch
            {
                LocalFunctionStatementSyntax local => local.AttributeLists.Count > 0,
                ParenthesizedLambdaExpressionSyntax lambda => lambda.AttributeLists.Count > 0,
                SimpleLambdaExpressionSyntax lambda => lambda.AttributeLists.Count > 0,
                _ => false,
            };
            if (!hasAttributes) return;

            var (symbol, reason) = context.Operation switch
            {
                ILocalFunctionOperation local => (local.Symbol, "it is a local function, which generated code outside its method cannot call"),
                IAnonymousFunctionOperation lambda => (lambda.Symbol, "it is a lambda, called only through a delegate"),
                _ => default((IMethodSymbol?, string?)),
            };
            if (symbol is null || reason is null) return;

            var attributes = InstrumentationAttributes(symbol);
            if (attributes.IsEmpty) return;
            var name = symbol.MethodKind == MethodKind.LocalFunction
                ? symbol.Name
                : "lambda in " + (symbol.ContainingSymbol is IMethodSymbol container ? MethodName(container) : symbol.ContainingSymbol.Name);
            Report(context.ReportDiagnostic, attributes, name, reason, context.CancellationToken);
        }

        private static void Report(Action<Diagnostic> report, ImmutableArray<(AttributeData Attribute, InstrumentationAttributeKind Kind)> attributes, string name, string reason, CancellationToken cancellationToken)
        {
            foreach (var (attribute, kind) in attributes)
            {
                report(Diagnostic.Create(NeverInterceptedRule, Where(attribute, cancellationToken), kind.ToString(), name, reason));
            }
        }

        private string? WhyNeverIntercepted(IMethodSymbol method, CancellationToken cancellationToken)
        {
            switch (method.MethodKind)
            {
                case MethodKind.PropertyGet:
                case MethodKind.PropertySet:
                case MethodKind.EventAdd:
                case MethodKind.EventRemove:
                case MethodKind.EventRaise:
                    return "it is an accessor, reached through property or event syntax rather than a call";
                case MethodKind.UserDefinedOperator:
                case MethodKind.Conversion:
                    return "it is an operator, reached through operator syntax rather than a call";
                case MethodKind.Destructor:
                    return "it is a finalizer, called only by the garbage collector";
                case MethodKind.ExplicitInterfaceImplementation:
                    var implemented = method.ExplicitInterfaceImplementations.FirstOrDefault();
                    return implemented is null
                        ? "it is an explicit interface implementation, reached only through the interface"
                        : "it is an explicit interface implementation; calls go through '" + implemented.ContainingType.Name + "." + implemented.Name + "', so put the attribute there";
            }

            if (method.IsStatic && (method.Name == "Main" || method.Name == "<Main>$")
                && SymbolEqualityComparer.Default.Equals(_compilation.GetEntryPoint(cancellationToken), method))
            {
                return "it is the program's entry point, called by the runtime";
            }

            if (method.IsOverride)
            {
                var original = method.OverriddenMethod;
                while (original?.OverriddenMethod is { } deeper)
                {
                    original = deeper;
                }

                // A protected member declared in another assembly is only ever called by that assembly's code
                // (a Flow calling Node.Exec), which no interceptor in this compilation can reach.
                if (original is not null
                    && !SymbolEqualityComparer.Default.Equals(original.ContainingAssembly, _compilation.Assembly)
                    && original.DeclaredAccessibility is Accessibility.Protected or Accessibility.ProtectedAndInternal or Accessibility.ProtectedOrInternal)
                {
                    var text = "it overrides '" + original.ContainingType.Name + "." + original.Name + "', which only code compiled in '" + original.ContainingAssembly.Name + "' calls";
                    return _symbols.IsNode(method.ContainingType) ? text + "; put the attribute on the node class instead" : text;
                }
            }

            return null;
        }

        private (string Text, Location? Location)? WhyWrappedMemberUnavailable(INamedTypeSymbol type, CancellationToken cancellationToken)
        {
            var wrapped = _symbols.IsAsyncNode(type) ? "InvokeNodeAsync" : "InvokeNode";
            for (var current = type; current is not null; current = current.BaseType)
            {
                if (SymbolEqualityComparer.Default.Equals(current.OriginalDefinition, _symbols.Node)
                    || SymbolEqualityComparer.Default.Equals(current.OriginalDefinition, _symbols.AsyncNode))
                {
                    break;
                }

                foreach (var member in current.GetMembers(wrapped))
                {
                    if (member is not IMethodSymbol { IsOverride: true } method) continue;
                    if (SymbolEqualityComparer.Default.Equals(current, type))
                    {
                        if (GeneratedCode.IsGenerated(method, _symbols, cancellationToken)) continue;
                        return ("it already overrides " + wrapped + ", which the generated code must override; move that logic into Exec or hooks", method.Locations.FirstOrDefault());
                    }

                    if (method.IsSealed)
                    {
                        return (wrapped + " is sealed in base class '" + current.Name + "', so the generated code cannot override it", null);
                    }
                }
            }

            return null;
        }

        private ImmutableArray<(AttributeData Attribute, InstrumentationAttributeKind Kind)> InstrumentationAttributes(ISymbol symbol)
        {
            var builder = ImmutableArray.CreateBuilder<(AttributeData, InstrumentationAttributeKind)>();
            foreach (var attribute in symbol.GetAttributes())
            {
                var kind = _symbols.GetAttributeKind(attribute.AttributeClass);
                if (kind != InstrumentationAttributeKind.None) builder.Add((attribute, kind));
            }

            return builder.ToImmutable();
        }

        private static bool IsPartial(INamedTypeSymbol type, CancellationToken cancellationToken)
        {
            foreach (var reference in type.DeclaringSyntaxReferences)
            {
                if (reference.GetSyntax(cancellationToken) is TypeDeclarationSyntax declaration && declaration.Modifiers.Any(SyntaxKind.PartialKeyword))
                {
                    return true;
                }
            }

            return false;
        }

        private static Location Where(AttributeData attribute, CancellationToken cancellationToken)
            => attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken).GetLocation() ?? Location.None;

        private static string DisplayName(INamedTypeSymbol type)
            => type.ContainingType is null ? type.Name : DisplayName(type.ContainingType) + "." + type.Name;

        private static string MethodName(IMethodSymbol method)
            => method.ContainingType is null ? method.Name : method.ContainingType.Name + "." + method.Name;
    }
}
