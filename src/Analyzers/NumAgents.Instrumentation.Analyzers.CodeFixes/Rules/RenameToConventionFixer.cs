using System.Collections.Immutable;
using System.Composition;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using NumAgents.Instrumentation.Analyzers.Internal;

namespace NumAgents.Instrumentation.Analyzers.CodeFixes.Rules;

/// <summary>NAI0012: rewrites the name literal in lowercase dotted form (<c>"ApiRequests"</c> becomes <c>"api_requests"</c>).</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(RenameToConventionFixer)), Shared]
public sealed class RenameToConventionFixer : CodeFixProvider
{
    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIdentifiers.NamingConvention);

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => FixAllProvider.Create(FixAllAsync);

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        foreach (var diagnostic in context.Diagnostics)
        {
            if (FindLiteral(root, diagnostic) is null || Suggestion(diagnostic) is not { } suggestion) continue;
            context.RegisterCodeFix(
                CodeAction.Create(
                    "Rename to '" + suggestion + "'",
                    ct => FixAsync(context.Document, ImmutableArray.Create(diagnostic), ct),
                    equivalenceKey: nameof(RenameToConventionFixer)),
                diagnostic);
        }
    }

    private static async Task<Document?> FixAllAsync(FixAllContext context, Document document, ImmutableArray<Diagnostic> diagnostics)
        => await FixAsync(document, diagnostics, context.CancellationToken).ConfigureAwait(false);

    private static async Task<Document> FixAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null) return document;

        var replacements = new Dictionary<SyntaxNode, SyntaxNode>();
        foreach (var diagnostic in diagnostics)
        {
            if (FindLiteral(root, diagnostic) is { } literal && Suggestion(diagnostic) is { } suggestion)
            {
                replacements[literal] = SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal(suggestion)).WithTriviaFrom(literal);
            }
        }

        return document.WithSyntaxRoot(root.ReplaceNodes(replacements.Keys, (original, _) => replacements[original]));
    }

    private static string? Suggestion(Diagnostic diagnostic)
        => diagnostic.Properties.TryGetValue(DiagnosticProperties.SuggestedName, out var suggestion) ? suggestion : null;

    // Only a literal written at the diagnostic is renamed; a name held in a constant is left to the user.
    private static LiteralExpressionSyntax? FindLiteral(SyntaxNode? root, Diagnostic diagnostic)
        => root?.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is LiteralExpressionSyntax literal
           && literal.IsKind(SyntaxKind.StringLiteralExpression)
            ? literal
            : null;
}
