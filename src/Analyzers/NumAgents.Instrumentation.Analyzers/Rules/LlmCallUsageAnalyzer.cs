using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using NumAgents.Instrumentation.Analyzers.Internal;
using NumAgents.Instrumentation.Validation;

namespace NumAgents.Instrumentation.Analyzers.Rules;

/// <summary>
/// NAI0020: an <c>[LlmCall]</c> method whose result carries no token usage the generated code can read, so its tokens
/// and cost are never recorded. Read with the generator's own <see cref="TokenUsageRules"/>: the rule fires exactly
/// where the generated code reads nothing.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class LlmCallUsageAnalyzer : DiagnosticAnalyzer
{
    internal static readonly DiagnosticDescriptor Rule = RuleIdentifiers.CreateRule(
        RuleIdentifiers.LlmCallWithoutUsage,
        title: "LLM call returns no token usage the generated code can read",
        messageFormat: "LLM call '{0}' returns '{1}', which carries no token usage the generated code can read{2}; it reads " + TokenUsageRules.Readable,
        category: "Usage",
        defaultSeverity: DiagnosticSeverity.Warning,
        description: "The generated code of an [LlmCall] method reads the call's tokens from its result, with no reflection: a Microsoft.Extensions.AI ChatResponse (or a type derived from it, such as ChatResponse<T>) or UsageDetails, a TokenUsage or TokenUsage?, or any type implementing ITokenUsageReport, returned or as the result of a Task<T> or ValueTask<T>. Any other result (nothing, a string, a stream of ChatResponseUpdate, a type of your own) records the call's span and duration but no tokens and no cost.");

    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Rule);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(static start =>
        {
            if (InstrumentationSymbols.GetOrCreate(start.Compilation).LlmCallAttribute is null) return;
            start.RegisterSymbolAction(AnalyzeMethod, SymbolKind.Method);
        });
    }

    private static void AnalyzeMethod(SymbolAnalysisContext context)
    {
        var method = (IMethodSymbol)context.Symbol;
        var attributes = method.GetAttributes();

        // Only the [LlmCall] the generator honours: with another GenAI attribute beside it, NAI0022 says it is ignored.
        if (!HasLlmCall(attributes) || InstrumentationInput.ReadGenAI(attributes, isNode: false, []) is not { Kind: GenAIAttributeKind.LlmCall }) return;
        var reading = TokenUsageRules.Read(method);
        if (reading.Source != UsageSource.None) return;

        var hint = reading.Streams
            ? " (a stream of updates reports usage in its last update, which a wrapper of the call does not see; build the chat client with UseNumAgentsInstrumentation(), or return the ChatResponse that ToChatResponseAsync() makes of the updates)"
            : reading.ResultType is null ? " (no result)" : string.Empty;
        var returned = method.ReturnsVoid ? "void" : method.ReturnType.ToDisplayString(SymbolDisplayFormat.CSharpErrorMessageFormat);
        context.ReportDiagnostic(Diagnostic.Create(Rule, ReturnTypeLocation(method, context.CancellationToken), MethodName(method), returned, hint));
    }

    private static bool HasLlmCall(ImmutableArray<AttributeData> attributes)
    {
        foreach (var attribute in attributes)
        {
            if (InstrumentationInput.GenAIKindOf(attribute) == GenAIAttributeKind.LlmCall) return true;
        }

        return false;
    }

    /// <summary>The return type as written, where the fix (returning something else) belongs.</summary>
    private static Location ReturnTypeLocation(IMethodSymbol method, CancellationToken cancellationToken)
    {
        foreach (var reference in method.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax(cancellationToken) is MethodDeclarationSyntax declaration) return declaration.ReturnType.GetLocation();
        }

        return method.Locations.FirstOrDefault() ?? Location.None;
    }

    private static string MethodName(IMethodSymbol method) => InstrumentationInput.OwnerName(method);
}
