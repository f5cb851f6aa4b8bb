using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using NumAgents.Instrumentation.Generators.Tests.Infrastructure;
using NumAgents.Instrumentation.Validation;

namespace NumAgents.Instrumentation.Generators.Tests.Robustness;

/// <summary>
/// The promise of docs/generator.md, "Input that gets no generated code": the analyzers explain each case.
/// The generator and the analyzers run over the same sources; for every attributed class, method, local
/// function or lambda, a skip rule reported on it means the generator skipped it, and a skip by the generator
/// means a skip rule (or a compiler error) reported on it. The two share their reading of the input
/// (src/Shared/Validation); this test guards everything around it.
/// </summary>
public sealed class GeneratorAnalyzerAgreementTests
{
    /// <summary>The rules that explain why the generator gives a member no code.</summary>
    private static readonly HashSet<string> SkipRules = ["NAI0007", "NAI0008", "NAI0009", "NAI0010", "NAI0013", "NAI0014", "NAI0015"];

    /// <summary>The rule for GenAI attributes and span members the generator ignores, instrumenting the rest.</summary>
    private const string IgnoredRule = "NAI0022";

    /// <summary>The rule for an LLM call whose result carries no usage the generated code reads.</summary>
    private const string NoUsageRule = "NAI0020";

    public static TheoryData<string> Cases => [.. AgreementCases.All.Keys];

    [Fact]
    public void The_cases_include_every_skipped_input_and_the_corpus()
        => Assert.True(AgreementCases.All.Count >= GeneratorCorpus.All.Count + RobustnessTests.InputsThatGetNoCode.Count + 15);

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task The_analyzers_report_exactly_what_the_generator_skips(string name)
    {
        var (sources, parseOptions) = AgreementCases.All[name];
        var compilation = GeneratorHarness.CreateCompilation(sources, parseOptions);
        var run = GeneratorHarness.Run(compilation);
        var analyzers = await AnalyzerHarness.RunAsync(run.Output);
        Assert.Empty(analyzers.Failures);

        var options = InstrumentationGenerator.Parser.ReadOptions(parseOptions);
        var targets = Targets(compilation);
        var compilerErrors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        var reports = analyzers.Diagnostics.Where(d => SkipRules.Contains(d.Id)).ToList();
        var ignored = analyzers.Diagnostics.Where(d => d.Id == IgnoredRule).ToList();

        var failures = new List<string>();
        foreach (var target in targets)
        {
            var reported = reports.Where(d => Innermost(targets, d.Location) == target).ToList();
            var compilerSaysWhy = compilerErrors.Any(d => target.Contains(d.Location));
            var skipped = IsSkipped(target, compilation, run, options, out var generatedWhenCalled);

            if (reported.Count > 0 && !skipped)
            {
                failures.Add($"{target}: reported ({string.Join("; ", reported)}) but the generator instruments it");
            }

            // A declaration whose only attributes are GenAI ones the generator ignores (NAI0022) gets no code, and says why.
            var allIgnored = !target.Symbol.GetAttributes().Any(a => InstrumentationInput.KindOf(a) is not null)
                && ignored.Any(d => Innermost(targets, d.Location) == target);
            if (skipped && target.Matters && reported.Count == 0 && !compilerSaysWhy && !allIgnored)
            {
                failures.Add($"{target}: the generator skips it and nothing says why");
            }

            if (!skipped && target.Matters && !generatedWhenCalled)
            {
                failures.Add($"{target}: the generator accepts it and has calls to intercept, yet generated no interceptor");
            }
        }

        failures.AddRange(CallSiteDisagreements(compilation, run, options, analyzers.Diagnostics.Where(d => d.Id == "NAI0017").ToList()));
        Assert.True(failures.Count == 0, name + ":\n" + string.Join("\n", failures));
    }

    /// <summary>
    /// The same promise for what the generator ignores rather than skips: of every node class and method it generates code
    /// for, a GenAI attribute is in the code (<c>GenAIOperation</c>) exactly when NAI0022 says nothing about it, each
    /// <c>[SpanAttribute]</c> and <c>[ToolCallId]</c> member is written on the span exactly when NAI0022 says nothing about it,
    /// and an LLM call's usage is read exactly when NAI0020 says nothing; a span member of a method with no code at all
    /// (no instrumentation, or no span) is reported.
    /// </summary>
    [Theory]
    [MemberData(nameof(Cases))]
    public async Task The_analyzers_report_exactly_what_the_generator_ignores(string name)
    {
        var (sources, parseOptions) = AgreementCases.All[name];
        var compilation = GeneratorHarness.CreateCompilation(sources, parseOptions);
        var run = GeneratorHarness.Run(compilation);
        var analyzers = await AnalyzerHarness.RunAsync(run.Output);
        var options = InstrumentationGenerator.Parser.ReadOptions(parseOptions);
        var ignored = analyzers.Diagnostics.Where(d => d.Id == IgnoredRule).ToList();
        var noUsage = analyzers.Diagnostics.Where(d => d.Id == NoUsageRule).ToList();
        var failures = new List<string>();

        foreach (var tree in compilation.SyntaxTrees)
        {
            var model = compilation.GetSemanticModel(tree);
            foreach (var node in tree.GetRoot().DescendantNodes())
            {
                switch (node)
                {
                    case MethodDeclarationSyntax declaration when model.GetDeclaredSymbol(declaration) is { } method:
                        var spec = options.CanIntercept && InstrumentationInput.HasInstrumentAttribute(method) ? InstrumentationGenerator.Parser.ParseMethod(method, compilation) : null;
                        if (spec is not null)
                        {
                            CheckGenAI(failures, method, spec.Instruments.GenAI is not null, ignored);
                            var returnReport = noUsage.Any(d => d.Location.SourceTree == tree && declaration.Span.Contains(d.Location.SourceSpan));
                            var isLlmCall = method.GetAttributes().Any(a => InstrumentationInput.GenAIKindOf(a) == GenAIAttributeKind.LlmCall);
                            if (isLlmCall && spec.Instruments.GenAI is not null && (spec.Usage is null) != returnReport)
                            {
                                failures.Add($"{method}: usage is {(spec.Usage is null ? "not read" : "read")}, and NAI0020 {(returnReport ? "is" : "is not")} reported");
                            }
                        }

                        foreach (var parameter in method.Parameters)
                        {
                            foreach (var attribute in SpanMemberAttributes(parameter))
                            {
                                var written = spec is not null && (InstrumentationInput.IsToolCallIdAttribute(attribute)
                                    ? spec.Instruments.ToolCallId == spec.Parameters[parameter.Ordinal].Name
                                    : spec.Instruments.SpanAttributes.Any(a => a.ValueExpression == spec.Parameters[parameter.Ordinal].Name));

                                // An instrumented method the generator skips says why with its own rule (NAI0010, NAI0013...).
                                CheckMember(failures, parameter, attribute, written, ignored, mustReportWhenNotWritten: spec is not null || !InstrumentationInput.HasInstrumentAttribute(method));
                            }
                        }

                        break;
                    case ClassDeclarationSyntax declaration when model.GetDeclaredSymbol(declaration) is { } type && InstrumentationInput.HasInstrumentAttribute(type):
                        var generated = GeneratedPart(type, compilation, run);
                        if (generated is null) break;
                        CheckGenAI(failures, type, generated.Contains("GenAIOperation = ", StringComparison.Ordinal), ignored);
                        foreach (var property in type.GetMembers().OfType<IPropertySymbol>())
                        {
                            foreach (var attribute in SpanMemberAttributes(property))
                            {
                                var written = System.Text.RegularExpressions.Regex.IsMatch(generated, @"__call\.SetSpanAttribute\(""[^""]*"", [^;\n]*\.@?" + System.Text.RegularExpressions.Regex.Escape(property.Name) + @"\);");
                                CheckMember(failures, property, attribute, written, ignored, mustReportWhenNotWritten: true);
                            }
                        }

                        break;
                }
            }
        }

        Assert.True(failures.Count == 0, name + ":\n" + string.Join("\n", failures));
    }

    private static IEnumerable<AttributeData> SpanMemberAttributes(ISymbol member)
        => member.GetAttributes().Where(a => InstrumentationInput.IsSpanAttributeAttribute(a) || InstrumentationInput.IsToolCallIdAttribute(a));

    private static bool ReportedOn(AttributeData attribute, List<Diagnostic> diagnostics)
        => attribute.ApplicationSyntaxReference is { } reference
            && diagnostics.Any(d => d.Location.SourceTree == reference.SyntaxTree && reference.Span.Contains(d.Location.SourceSpan));

    private static void CheckGenAI(List<string> failures, ISymbol symbol, bool inCode, List<Diagnostic> ignored)
    {
        var genAI = symbol.GetAttributes().Where(a => InstrumentationInput.GenAIKindOf(a) is not null).ToList();
        if (genAI.Count == 0)
        {
            if (inCode) failures.Add($"{symbol}: GenAI properties in the code of a declaration without a GenAI attribute");
            return;
        }

        var reported = genAI.Any(a => ReportedOn(a, ignored));
        if (inCode == reported) failures.Add($"{symbol}: its GenAI attribute is {(inCode ? "in the code" : "ignored")}, and NAI0022 {(reported ? "is" : "is not")} reported");
    }

    private static void CheckMember(List<string> failures, ISymbol member, AttributeData attribute, bool written, List<Diagnostic> ignored, bool mustReportWhenNotWritten)
    {
        var reported = ReportedOn(attribute, ignored);
        if (written && reported) failures.Add($"{member} [{attribute.AttributeClass?.Name}]: written on the span, yet NAI0022 is reported");
        if (!written && !reported && mustReportWhenNotWritten) failures.Add($"{member} [{attribute.AttributeClass?.Name}]: not written on the span, and nothing says why");
    }

    /// <summary>The text of the generated partial declaration of <paramref name="type"/>, if the generator wrote one.</summary>
    private static string? GeneratedPart(INamedTypeSymbol type, Compilation compilation, GeneratorRun run)
    {
        var declaration = type.DeclaringSyntaxReferences[0];
        var inOutput = run.Output.GetSemanticModel(declaration.SyntaxTree).GetDeclaredSymbol(declaration.GetSyntax());
        var generated = inOutput?.DeclaringSyntaxReferences.FirstOrDefault(r => !compilation.SyntaxTrees.Contains(r.SyntaxTree));
        return generated?.SyntaxTree.ToString();
    }

    /// <summary>
    /// The same promise for single calls: of the calls to a method the generator intercepts, each one it leaves
    /// alone (<c>CallSiteRules.WhyCallNotIntercepted</c>) has NAI0017 on it and no interceptor, and each
    /// other one has an interceptor and no NAI0017.
    /// </summary>
    private static IEnumerable<string> CallSiteDisagreements(Compilation compilation, GeneratorRun run, Model.GeneratorOptions options, List<Diagnostic> reports)
    {
        if (!options.CanIntercept)
        {
            foreach (var report in reports) yield return $"{report}: reported in a project that intercepts nothing";
            yield break;
        }

        var generated = string.Concat(run.Sources.Select(s => s.SourceText.ToString()));
        var matched = new HashSet<Diagnostic>();
        foreach (var (invocation, method, model) in CandidateCalls(compilation))
        {
            if (InstrumentationGenerator.Parser.ParseMethod(method, compilation) is null) continue;
            var display = model.GetInterceptableLocation(invocation)!.GetDisplayLocation();
            var intercepted = generated.Contains("// " + display + "\n", StringComparison.Ordinal);
            var reported = reports.Where(d => d.Location.SourceTree == invocation.SyntaxTree && d.Location.SourceSpan == invocation.Span).ToList();
            matched.UnionWith(reported);
            var skipped = CallSiteRules.WhyCallNotIntercepted(method, CallSiteRules.ReceiverType(invocation, model, default)) is not null;
            if (skipped && intercepted) yield return $"{display}: the call is left alone by the rules, yet intercepted";
            if (skipped && reported.Count == 0) yield return $"{display}: the call is left alone and nothing says why";
            if (!skipped && !intercepted) yield return $"{display}: the call should be intercepted and is not";
            if (!skipped && reported.Count > 0) yield return $"{display}: intercepted, yet reported ({string.Join("; ", reported)})";
        }

        foreach (var report in reports.Where(r => !matched.Contains(r))) yield return $"{report}: not on a call to a method the generator intercepts";
    }

    /// <summary>
    /// Whether the generator gives <paramref name="target"/> no code: a class gets no generated partial
    /// declaration; a method is not one the generator would intercept.
    /// </summary>
    private static bool IsSkipped(Target target, Compilation compilation, GeneratorRun run, Model.GeneratorOptions options, out bool generatedWhenCalled)
    {
        generatedWhenCalled = true;
        if (target.Symbol is INamedTypeSymbol)
        {
            var declaration = target.Declarations[0];
            var inOutput = run.Output.GetSemanticModel(declaration.SyntaxTree).GetDeclaredSymbol(declaration.GetSyntax());
            return inOutput is null || !inOutput.DeclaringSyntaxReferences.Any(r => !compilation.SyntaxTrees.Contains(r.SyntaxTree));
        }

        var method = (IMethodSymbol)target.Symbol;
        if (!options.CanIntercept || InstrumentationGenerator.Parser.ParseMethod(method, compilation) is not { } spec) return true;
        generatedWhenCalled = run.HintNames.Contains(spec.HintName);
        return false;
    }

    /// <summary>The innermost target whose declaration holds <paramref name="location"/>, if any.</summary>
    private static Target? Innermost(IReadOnlyList<Target> targets, Location location)
        => targets.Where(t => t.Contains(location)).OrderBy(t => t.Declarations.Where(d => d.SyntaxTree == location.SourceTree).Min(d => d.Span.Length)).FirstOrDefault();

    /// <summary>Every class, method, local function and lambda that carries an instrumentation attribute.</summary>
    private static List<Target> Targets(Compilation compilation)
    {
        var calls = InterceptableCalls(compilation);
        var targets = new Dictionary<ISymbol, Target>(SymbolEqualityComparer.Default);
        foreach (var tree in compilation.SyntaxTrees)
        {
            var model = compilation.GetSemanticModel(tree);
            foreach (var node in tree.GetRoot().DescendantNodes())
            {
                var symbol = node switch
                {
                    TypeDeclarationSyntax or BaseMethodDeclarationSyntax or AccessorDeclarationSyntax or LocalFunctionStatementSyntax => model.GetDeclaredSymbol(node),
                    LambdaExpressionSyntax { AttributeLists.Count: > 0 } => model.GetSymbolInfo(node).Symbol,
                    _ => null,
                };
                if (symbol is not (INamedTypeSymbol or IMethodSymbol) || !InstrumentationInput.HasInstrumentAttribute(symbol)) continue;
                if (!targets.TryGetValue(symbol, out var target))
                {
                    // A node class matters without calls; a method only when a call could be intercepted.
                    var matters = symbol is INamedTypeSymbol || calls.Contains(symbol);
                    targets.Add(symbol, target = new Target(symbol, matters));
                }

                target.Declarations.Add(node.GetReference());
            }
        }

        return [.. targets.Values];
    }

    /// <summary>The methods with a call the generator's call-site rules keep.</summary>
    private static HashSet<ISymbol> InterceptableCalls(Compilation compilation)
    {
        var called = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        foreach (var (invocation, method, model) in CandidateCalls(compilation))
        {
            if (CallSiteRules.WhyCallNotIntercepted(method, CallSiteRules.ReceiverType(invocation, model, default)) is null) called.Add(method);
        }

        return called;
    }

    /// <summary>Every call to an attributed method that the syntactic filter keeps, outside expression trees, that the compiler can intercept.</summary>
    private static IEnumerable<(InvocationExpressionSyntax Invocation, IMethodSymbol Method, SemanticModel Model)> CandidateCalls(Compilation compilation)
    {
        foreach (var tree in compilation.SyntaxTrees)
        {
            var model = compilation.GetSemanticModel(tree);
            foreach (var invocation in tree.GetRoot().DescendantNodes().OfType<InvocationExpressionSyntax>())
            {
                if (!CallSiteRules.IsCandidateInvocation(invocation) || model.GetSymbolInfo(invocation).Symbol is not IMethodSymbol called) continue;
                var method = CallSiteRules.InterceptedMethod(called);
                if (!InstrumentationInput.HasInstrumentAttribute(method)) continue;
                if (CallSiteRules.IsInExpressionTree(invocation, model, default) || model.GetInterceptableLocation(invocation) is null) continue;
                yield return (invocation, method, model);
            }
        }
    }

    private sealed class Target(ISymbol symbol, bool matters)
    {
        public ISymbol Symbol { get; } = symbol;

        public bool Matters { get; } = matters;

        public List<SyntaxReference> Declarations { get; } = [];

        public bool Contains(Location location)
            => location.IsInSource && Declarations.Any(d => d.SyntaxTree == location.SourceTree && d.Span.Contains(location.SourceSpan));

        public override string ToString() => Symbol.ToDisplayString() + " at " + Declarations[0].SyntaxTree.GetLineSpan(Declarations[0].Span).StartLinePosition;
    }
}
