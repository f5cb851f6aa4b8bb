using System.Collections.Immutable;
using System.Composition;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using NumAgents.Instrumentation.Analyzers.Internal;

namespace NumAgents.Instrumentation.Analyzers.CodeFixes.Rules;

/// <summary>
/// NAI0001 and NAI0021 inside a span: moves the unbounded or sensitive label to the span (<c>span.SetAttribute(key,
/// value);</c> before the statement) and drops it from the metric's labels. Spans keep per-event detail; metrics keep
/// bounded labels.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MoveLabelToSpanAttributeFixer)), Shared]
public sealed class MoveLabelToSpanAttributeFixer : CodeFixProvider
{
    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIdentifiers.HighCardinalityLabelValue, RuleIdentifiers.SensitiveLabel);

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => FixAllProvider.Create(FixAllAsync);

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        foreach (var diagnostic in context.Diagnostics)
        {
            if (Find(root, diagnostic) is not { } label) continue;
            context.RegisterCodeFix(
                CodeAction.Create(
                    "Move label to span attribute on '" + label.SpanLocal + "'",
                    ct => FixAsync(context.Document, ImmutableArray.Create(diagnostic), ct),
                    equivalenceKey: nameof(MoveLabelToSpanAttributeFixer)),
                diagnostic);
        }
    }

    private static async Task<Document?> FixAllAsync(FixAllContext context, Document document, ImmutableArray<Diagnostic> diagnostics)
        => await FixAsync(document, diagnostics, context.CancellationToken).ConfigureAwait(false);

    private static async Task<Document> FixAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null) return document;

        // One label can be both unbounded (NAI0001) and sensitive (NAI0021): it moves once.
        var labels = diagnostics.Select(d => Find(root, d)).OfType<MovableLabel>().GroupBy(l => l.Element).Select(g => g.First()).ToList();
        if (labels.Count == 0) return document;

        var editor = new SyntaxEditor(root, document.Project.Solution.Services);

        // Statements first, in source order, so several labels moved before one statement keep their order.
        foreach (var label in labels.OrderBy(l => l.Element.SpanStart))
        {
            editor.InsertBefore(label.Statement, SetAttribute(label));
        }

        // Then each label list once, without the moved elements.
        foreach (var group in labels.GroupBy(l => l.Container))
        {
            var removed = new HashSet<SyntaxNode>(group.Select(l => l.Element));
            switch (group.Key)
            {
                case CollectionExpressionSyntax collection:
                    var remaining = collection.Elements.Where(e => !removed.Contains(e)).ToList();
                    if (remaining.Count == 0 && collection.Parent is ArgumentSyntax { Parent: ArgumentListSyntax list } argument
                        && (argument.NameColon is not null || list.Arguments.Last() == argument))
                    {
                        editor.RemoveNode(argument);
                    }
                    else if (remaining.Count == 0)
                    {
                        editor.ReplaceNode(collection, SyntaxFactory.LiteralExpression(SyntaxKind.DefaultLiteralExpression).WithTriviaFrom(collection));
                    }
                    else
                    {
                        editor.ReplaceNode(collection, collection.WithElements(Keep(collection.Elements, remaining)));
                    }

                    break;
                case InitializerExpressionSyntax initializer:
                    var kept = initializer.Expressions.Where(e => !removed.Contains(e)).ToList();
                    if (kept.Count == 0 && initializer.Parent is ObjectCreationExpressionSyntax creation)
                    {
                        // new Dictionary<string, string>() rather than an empty initializer.
                        var emptied = creation.WithInitializer(null).WithArgumentList(creation.ArgumentList ?? SyntaxFactory.ArgumentList());
                        editor.ReplaceNode(creation, emptied.WithTrailingTrivia(creation.GetTrailingTrivia()));
                    }
                    else
                    {
                        editor.ReplaceNode(initializer, initializer.WithExpressions(Keep(initializer.Expressions, kept)));
                    }

                    break;
            }
        }

        return document.WithSyntaxRoot(editor.GetChangedRoot());
    }

    // The original separators, in order, keep the list's own layout (one line, or one element per line).
    private static SeparatedSyntaxList<T> Keep<T>(SeparatedSyntaxList<T> original, List<T> remaining)
        where T : SyntaxNode
    {
        var separators = original.GetSeparators().ToList();
        var kept = separators.Take(Math.Max(0, remaining.Count - 1)).ToList();
        if (remaining.Count > 0 && original.SeparatorCount == original.Count)
        {
            // A trailing comma stays a trailing comma.
            kept.Add(separators[separators.Count - 1]);
        }

        return SyntaxFactory.SeparatedList(remaining, kept);
    }

    private static StatementSyntax SetAttribute(MovableLabel label)
    {
        var indentation = label.Statement.GetLeadingTrivia().Where(t => t.IsKind(SyntaxKind.WhitespaceTrivia)).LastOrDefault();
        var newLine = label.Statement.GetTrailingTrivia().Where(t => t.IsKind(SyntaxKind.EndOfLineTrivia)).LastOrDefault();
        var call = SyntaxFactory.ParseStatement(
            label.SpanLocal + ".SetAttribute(" + label.Key.WithoutTrivia().ToFullString() + ", " + label.Value.WithoutTrivia().ToFullString() + ");");
        var leading = indentation.IsKind(SyntaxKind.WhitespaceTrivia) ? SyntaxFactory.TriviaList(indentation) : SyntaxFactory.TriviaList();
        var trailing = newLine.IsKind(SyntaxKind.EndOfLineTrivia) ? SyntaxFactory.TriviaList(newLine) : SyntaxFactory.TriviaList(SyntaxFactory.ElasticCarriageReturnLineFeed);
        return call.WithLeadingTrivia(leading).WithTrailingTrivia(trailing);
    }

    private static MovableLabel? Find(SyntaxNode? root, Diagnostic diagnostic)
    {
        if (root is null
            || !diagnostic.Properties.TryGetValue(DiagnosticProperties.SpanLocal, out var spanLocal)
            || string.IsNullOrEmpty(spanLocal)
            || root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not ExpressionSyntax value)
        {
            return null;
        }

        ExpressionSyntax key;
        SyntaxNode element;
        SyntaxNode container;
        switch (value.Parent)
        {
            // [("key", value)]
            case ArgumentSyntax { Parent: TupleExpressionSyntax { Arguments.Count: 2, Parent: ExpressionElementSyntax { Parent: CollectionExpressionSyntax collection } expressionElement } tuple }
                when tuple.Arguments[1].Expression == value:
                key = tuple.Arguments[0].Expression;
                element = expressionElement;
                container = collection;
                break;

            // new Dictionary<string, string> { ["key"] = value }
            case AssignmentExpressionSyntax { Left: ImplicitElementAccessSyntax { ArgumentList.Arguments.Count: 1 } access, Parent: InitializerExpressionSyntax initializer } assignment
                when assignment.Right == value:
                key = access.ArgumentList.Arguments[0].Expression;
                element = assignment;
                container = initializer;
                break;

            // new Dictionary<string, string> { { "key", value } }
            case InitializerExpressionSyntax { Expressions.Count: 2, Parent: InitializerExpressionSyntax initializer } pair
                when pair.IsKind(SyntaxKind.ComplexElementInitializerExpression) && pair.Expressions[1] == value:
                key = pair.Expressions[0];
                element = pair;
                container = initializer;
                break;
            default:
                return null;
        }

        var statement = element.FirstAncestorOrSelf<StatementSyntax>();
        if (statement?.Parent is not BlockSyntax) return null;
        return new MovableLabel(spanLocal!, key, value, element, container, statement);
    }

    private sealed class MovableLabel
    {
        public MovableLabel(string spanLocal, ExpressionSyntax key, ExpressionSyntax value, SyntaxNode element, SyntaxNode container, StatementSyntax statement)
        {
            SpanLocal = spanLocal;
            Key = key;
            Value = value;
            Element = element;
            Container = container;
            Statement = statement;
        }

        public string SpanLocal { get; }

        public ExpressionSyntax Key { get; }

        public ExpressionSyntax Value { get; }

        /// <summary>The list element that goes away: a tuple in a collection expression or a dictionary initializer entry.</summary>
        public SyntaxNode Element { get; }

        public SyntaxNode Container { get; }

        public StatementSyntax Statement { get; }
    }
}
