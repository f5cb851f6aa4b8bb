using System.Collections.Immutable;
using System.Composition;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using NumAgents.Instrumentation.Analyzers.Internal;

namespace NumAgents.Instrumentation.Analyzers.CodeFixes.Rules;

/// <summary>
/// NAI0021 on a <c>[Label]</c> member: makes it <c>[SpanAttribute]</c>, so its value is written on the span of each
/// execution and never on a metric. An explicit key stays (<c>[Label("prompt")]</c> becomes <c>[SpanAttribute("prompt")]</c>);
/// without one both use the member's name in snake_case. Offered only where the member has a span to write on.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(LabelToSpanAttributeFixer)), Shared]
public sealed class LabelToSpanAttributeFixer : CodeFixProvider
{
    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIdentifiers.SensitiveLabel);

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        foreach (var diagnostic in context.Diagnostics)
        {
            if (Find(root, diagnostic) is not { } attribute) continue;
            context.RegisterCodeFix(
                CodeAction.Create(
                    "Record it on the span with [SpanAttribute]",
                    ct => FixAsync(context.Document, attribute, ct),
                    equivalenceKey: nameof(LabelToSpanAttributeFixer)),
                diagnostic);
        }
    }

    private static async Task<Document> FixAsync(Document document, AttributeSyntax attribute, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || Renamed(attribute.Name) is not { } name) return document;
        return document.WithSyntaxRoot(root.ReplaceNode(attribute.Name, name.WithTriviaFrom(attribute.Name)));
    }

    /// <summary><c>Label</c> to <c>SpanAttribute</c>, <c>LabelAttribute</c> to <c>SpanAttributeAttribute</c>, qualified or not.</summary>
    private static NameSyntax? Renamed(NameSyntax name) => name switch
    {
        IdentifierNameSyntax identifier => Renamed(identifier),
        QualifiedNameSyntax { Right: IdentifierNameSyntax right } qualified when Renamed(right) is { } renamed => qualified.WithRight(renamed),
        AliasQualifiedNameSyntax { Name: IdentifierNameSyntax right } alias when Renamed(right) is { } renamed => alias.WithName(renamed),
        _ => null,
    };

    private static IdentifierNameSyntax? Renamed(IdentifierNameSyntax identifier) => identifier.Identifier.ValueText switch
    {
        "Label" => SyntaxFactory.IdentifierName("SpanAttribute"),
        "LabelAttribute" => SyntaxFactory.IdentifierName("SpanAttributeAttribute"),
        _ => null,
    };

    private static AttributeSyntax? Find(SyntaxNode? root, Diagnostic diagnostic)
    {
        if (root is null || !diagnostic.Properties.ContainsKey(DiagnosticProperties.LabelToSpanAttribute)) return null;
        var attribute = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true).FirstAncestorOrSelf<AttributeSyntax>();
        return attribute is not null && Renamed(attribute.Name) is not null ? attribute : null;
    }
}
