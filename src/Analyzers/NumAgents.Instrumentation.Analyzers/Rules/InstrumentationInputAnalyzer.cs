using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using NumAgents.Instrumentation.Analyzers.Internal;
using NumAgents.Instrumentation.Validation;

namespace NumAgents.Instrumentation.Analyzers.Rules;

/// <summary>
/// NAI0013, NAI0014: attribute arguments and <c>[Label]</c> members the generator rejects. The generator
/// gives such a node class or method no code at all, silently; these rules read the attributes with the
/// generator's own <see cref="InstrumentationInput"/> and say what it found wrong. NAI0016: a
/// <c>[Label]</c> the generator never reads (on a parameter of a method without instrumentation, or on a
/// property of a type that is not a node), so the label the user expects never appears. NAI0022: a GenAI
/// attribute, <c>[ToolCallId]</c> or <c>[SpanAttribute]</c> the generator ignores while it instruments the rest
/// (two GenAI attributes on one declaration, no span to write on, no value to read, a <c>[Label]</c> on the same
/// member), from the same reading.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class InstrumentationInputAnalyzer : DiagnosticAnalyzer
{
    internal static readonly DiagnosticDescriptor InvalidArgumentRule = RuleIdentifiers.CreateRule(
        RuleIdentifiers.InvalidAttributeArgument,
        title: "Invalid instrumentation attribute argument",
        messageFormat: "No instrumentation is generated for '{0}': [{1}] {2}",
        category: "Usage",
        defaultSeverity: DiagnosticSeverity.Error,
        description: "The generator compiles [Traced], [Timed] and [Counted] only when every argument is usable: a name that is not empty or whitespace, ExtraLabels entries written \"key=value\" with a valid Prometheus label name as key and no key the generated code or a [Label] already uses, and [Timed] bucket bounds that are finite and strictly increasing. Otherwise the class or method gets no span, timer or counter at all.");

    internal static readonly DiagnosticDescriptor InvalidLabelRule = RuleIdentifiers.CreateRule(
        RuleIdentifiers.InvalidLabelMember,
        title: "Invalid [Label] member",
        messageFormat: "No instrumentation is generated for '{0}': [Label] on {1} {2}",
        category: "Usage",
        defaultSeverity: DiagnosticSeverity.Error,
        description: "A [Label] parameter must have a value when the call starts (not out) that can be kept (not a ref struct); a [Label] property of a node must be readable by the node (a getter it can call, not an indexer, no ref return, no ref struct or pointer type). Its key, given or derived from the member's name in snake_case, must be a valid Prometheus label name that no other label of the member uses. Otherwise the class or method gets no span, timer or counter at all.");

    internal static readonly DiagnosticDescriptor LabelHasNoEffectRule = RuleIdentifiers.CreateRule(
        RuleIdentifiers.LabelHasNoEffect,
        title: "[Label] has no effect here",
        messageFormat: "[Label] on {0} '{1}' of '{2}' has no effect: {3}",
        category: "Usage",
        defaultSeverity: DiagnosticSeverity.Warning,
        description: "The generator reads [Label] on the parameters of a method that has [Traced], [Timed] or [Counted], and on the properties of a node class. Anywhere else no label or span attribute is ever recorded. For an interface or base method, the attribute and the [Label] both belong on the declaration that is called.");

    internal static readonly DiagnosticDescriptor IgnoredAttributeRule = RuleIdentifiers.CreateRule(
        RuleIdentifiers.IgnoredGenAIAttribute,
        title: "GenAI attribute, [ToolCallId] or [SpanAttribute] is ignored",
        messageFormat: "[{0}] on {1} '{2}' is ignored: {3}",
        category: "Usage",
        defaultSeverity: DiagnosticSeverity.Error,
        description: "A declaration is at most one GenAI operation: with two or more of [Agent], [Tool], [LlmCall] and [Retrieval] the generator ignores all of them and instruments the rest as if they were absent. [ToolCallId] and [SpanAttribute] write a value on the span of each execution: they are ignored where there is no span (no [Traced] and no GenAI attribute, or a method returning IAsyncEnumerable<T>, whose span starts at enumeration), no value to read (an out parameter, a ref struct, an unreadable property), a [Label] on the same member, a key another span attribute or label of the member takes, a [ToolCallId] on a parameter that is not a string or after another one, or a [SpanAttribute] property of a type that is not a node.");

    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(InvalidArgumentRule, InvalidLabelRule, LabelHasNoEffectRule, IgnoredAttributeRule);

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

        var compilation = context.Compilation;
        context.RegisterSymbolAction(c => AnalyzeType(c, symbols, compilation), SymbolKind.NamedType);
        context.RegisterSymbolAction(AnalyzeMethod, SymbolKind.Method);
        context.RegisterSymbolAction(c => AnalyzeProperty(c, symbols), SymbolKind.Property);
    }

    private static void AnalyzeProperty(SymbolAnalysisContext context, InstrumentationSymbols symbols)
    {
        // A node's property may serve a derived class's attribute (even one in another assembly), so only
        // a type that can never be a node is certain to leave the label unread.
        var property = (IPropertySymbol)context.Symbol;
        if (symbols.IsNode(property.ContainingType)) return;
        if (InstrumentationInput.SpanAttributeAttributeOf(property) is { } spanAttribute)
        {
            ReportIgnored(context, new InputProblem(ProblemKind.IgnoredAttribute, spanAttribute, "'" + Name(property.ContainingType) + "' is not a node class; only a node's properties are read, when it runs", labelMember: property), property);
        }

        if (InstrumentationInput.LabelAttributeOf(property) is not { } label) return;
        context.ReportDiagnostic(Diagnostic.Create(
            LabelHasNoEffectRule,
            AttributeLocation(label, property, context.CancellationToken),
            "property",
            property.Name,
            Name(property.ContainingType),
            $"'{Name(property.ContainingType)}' is not a node class; only node properties are read, when the node runs"));
    }

    private static void ReportUnreadParameterLabels(SymbolAnalysisContext context, IMethodSymbol method)
    {
        foreach (var parameter in method.Parameters)
        {
            if (InstrumentationInput.LabelAttributeOf(parameter) is not { } label) continue;
            var owner = method.ContainingType is null ? method.Name : Name(method.ContainingType) + "." + method.Name;
            context.ReportDiagnostic(Diagnostic.Create(
                LabelHasNoEffectRule,
                AttributeLocation(label, parameter, context.CancellationToken),
                "parameter",
                parameter.Name,
                owner,
                $"'{owner}' has no [Traced], [Timed] or [Counted]; put the attribute on the method (on the declaration that is called, for an interface or base method)"));
        }
    }

    private static Location AttributeLocation(AttributeData attribute, ISymbol owner, CancellationToken cancellationToken)
        => attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken).GetLocation() ?? owner.Locations.FirstOrDefault() ?? Location.None;

    private static void AnalyzeType(SymbolAnalysisContext context, InstrumentationSymbols symbols, Compilation compilation)
    {
        // Only node classes are read by the generator; on anything else NAI0008 says the attribute is misplaced.
        var type = (INamedTypeSymbol)context.Symbol;
        if (type.TypeKind != TypeKind.Class || !InstrumentationInput.HasInstrumentAttribute(type) || !symbols.IsNode(type)) return;

        var problems = new List<InputProblem>();
        var attributes = type.GetAttributes();
        var labels = InstrumentationInput.ReadNodeLabels(type, compilation, problems);
        InstrumentationInput.ReadInstruments(attributes, labels, isNode: true, problems, out _);
        InstrumentationInput.ReadNodeSpanAttributes(type, compilation, InstrumentationInput.RecordsSpan(attributes), labels, problems);
        Report(context, type, Name(type), problems);
    }

    private static void AnalyzeMethod(SymbolAnalysisContext context)
    {
        var method = (IMethodSymbol)context.Symbol;
        var problems = new List<InputProblem>();
        if (!InstrumentationInput.HasInstrumentAttribute(method))
        {
            ReportUnreadParameterLabels(context, method);
            InstrumentationInput.ReadParameterSpanMembers(method, hasSpan: false, [], problems);
            Report(context, method, MethodName(method), problems);
            return;
        }

        var attributes = method.GetAttributes();
        var labels = InstrumentationInput.ReadParameterLabels(method, problems);
        InstrumentationInput.ReadInstruments(attributes, labels, isNode: false, problems, out _);
        InstrumentationInput.ReadParameterSpanMembers(method, InstrumentationInput.RecordsSpan(attributes), labels, problems);
        Report(context, method, MethodName(method), problems);
    }

    private static string MethodName(IMethodSymbol method) => method.ContainingType is null ? method.Name : Name(method.ContainingType) + "." + method.Name;

    private static void Report(SymbolAnalysisContext context, ISymbol instrumented, string name, List<InputProblem> problems)
    {
        foreach (var problem in problems)
        {
            switch (problem.Kind)
            {
                case ProblemKind.InvalidArgument:
                    context.ReportDiagnostic(Diagnostic.Create(InvalidArgumentRule, Where(problem, context.CancellationToken), name, ShortName(problem.Attribute), problem.Text));
                    break;
                case ProblemKind.InvalidLabel when problem.LabelMember is { } member:
                    context.ReportDiagnostic(Diagnostic.Create(InvalidLabelRule, LabelLocation(instrumented, problem, context.CancellationToken), name, InstrumentationInput.DescribeMember(member), problem.Text));
                    break;
                case ProblemKind.IgnoredAttribute:
                    ReportIgnored(context, problem, instrumented);
                    break;
            }
        }
    }

    /// <summary>
    /// NAI0022 on the attribute the generator ignores: <c>[Tool] on method 'Service.Run'</c>, <c>[ToolCallId] on
    /// parameter 'id' of method 'Service.Run'</c>, <c>[SpanAttribute] on property 'Id' of class 'Base'</c>. An inherited
    /// property's attribute is in the base class's file; it is reported there, for the class that reads it.
    /// </summary>
    private static void ReportIgnored(SymbolAnalysisContext context, InputProblem problem, ISymbol instrumented)
    {
        var (what, owner) = problem.LabelMember switch
        {
            IParameterSymbol parameter when parameter.ContainingSymbol is IMethodSymbol method => ("parameter '" + parameter.Name + "' of method", MethodName(method)),
            IPropertySymbol property => ("property '" + property.Name + "' of class", Name(property.ContainingType)),
            _ => instrumented is IMethodSymbol method ? ("method", MethodName(method)) : ("class", instrumented is INamedTypeSymbol type ? Name(type) : instrumented.Name),
        };
        var location = Where(problem, context.CancellationToken);
        if (location == Location.None || !context.Compilation.ContainsSyntaxTree(location.SourceTree!)) location = instrumented.Locations.FirstOrDefault() ?? Location.None;
        context.ReportDiagnostic(Diagnostic.Create(IgnoredAttributeRule, location, ShortName(problem.Attribute), what, owner, problem.Text));
    }

    /// <summary><c>Traced</c>, <c>Agent</c>, <c>SpanAttribute</c>: the attribute as it is written.</summary>
    private static string? ShortName(AttributeData attribute)
    {
        if (InstrumentationInput.KindOf(attribute) is { } kind) return kind.ToString();
        if (InstrumentationInput.GenAIKindOf(attribute) is { } genAI) return genAI.ToString();
        var name = attribute.AttributeClass?.Name;
        return name is not null && name.EndsWith("Attribute", StringComparison.Ordinal) && name.Length > "Attribute".Length ? name.Substring(0, name.Length - "Attribute".Length) : name;
    }

    /// <summary>
    /// The <c>[Label]</c> itself when it is written on this member (its parameter, or its own property);
    /// for a property inherited from a base class, the class's instrumentation attribute, since it is this
    /// class whose instrumentation is lost (the message names the base's property).
    /// </summary>
    private static Location LabelLocation(ISymbol instrumented, InputProblem problem, CancellationToken cancellationToken)
    {
        var own = problem.LabelMember switch
        {
            IParameterSymbol parameter => SymbolEqualityComparer.Default.Equals(parameter.ContainingSymbol, instrumented),
            IPropertySymbol property => SymbolEqualityComparer.Default.Equals(property.ContainingType, instrumented),
            _ => false,
        };
        if (own) return Where(problem, cancellationToken);

        foreach (var attribute in instrumented.GetAttributes())
        {
            if (InstrumentationInput.IsInstrumentAttribute(attribute) && attribute.ApplicationSyntaxReference is { } reference)
            {
                return reference.GetSyntax(cancellationToken).GetLocation();
            }
        }

        return instrumented.Locations.FirstOrDefault() ?? Location.None;
    }

    /// <summary>The attribute, narrowed to the argument (and the array element) at fault when the source spells it.</summary>
    private static Location Where(InputProblem problem, CancellationToken cancellationToken)
    {
        if (problem.Attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken) is not AttributeSyntax syntax) return Location.None;
        var argument = problem.Argument switch
        {
            null => null,
            InstrumentationInput.NameArgument => AttributeNames.NameExpression(syntax),
            _ => NamedArgument(syntax, problem.Argument),
        };
        if (argument is null) return syntax.GetLocation();
        return (problem.Element >= 0 ? Element(argument, problem.Element) : null)?.GetLocation() ?? argument.GetLocation();
    }

    private static ExpressionSyntax? NamedArgument(AttributeSyntax syntax, string name)
    {
        foreach (var argument in syntax.ArgumentList?.Arguments ?? default)
        {
            if (argument.NameEquals?.Name.Identifier.ValueText == name) return argument.Expression;
        }

        return null;
    }

    /// <summary>Element <paramref name="index"/> of <c>[a, b]</c>, <c>new[] { a, b }</c> or <c>new T[] { a, b }</c>.</summary>
    private static SyntaxNode? Element(ExpressionSyntax array, int index)
    {
        switch (array)
        {
            case CollectionExpressionSyntax collection:
                // A spread ('..') would shift the indices; then the whole argument is the place.
                if (collection.Elements.Any(static e => e is not ExpressionElementSyntax)) return null;
                return index < collection.Elements.Count ? collection.Elements[index] : null;
            case ImplicitArrayCreationExpressionSyntax implicitArray:
                return index < implicitArray.Initializer.Expressions.Count ? implicitArray.Initializer.Expressions[index] : null;
            case ArrayCreationExpressionSyntax { Initializer: { } initializer }:
                return index < initializer.Expressions.Count ? initializer.Expressions[index] : null;
            default:
                return null;
        }
    }

    private static string Name(INamedTypeSymbol type) => type.ContainingType is null ? type.Name : Name(type.ContainingType) + "." + type.Name;
}
