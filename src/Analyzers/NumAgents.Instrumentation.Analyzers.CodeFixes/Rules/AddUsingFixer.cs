using System.Collections.Immutable;
using System.Composition;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;
using NumAgents.Instrumentation.Analyzers.Internal;

namespace NumAgents.Instrumentation.Analyzers.CodeFixes.Rules;

/// <summary>
/// NAI0011: turns a dropped timer or span into a <c>using</c> declaration (<c>using var timer = m.Timer("x");</c>),
/// or adds <c>using</c> to the local that holds it, so it ends with the enclosing block.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AddUsingFixer)), Shared]
public sealed class AddUsingFixer : CodeFixProvider
{
    private const string Title = "Add 'using'";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIdentifiers.ScopeNotDisposed);

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => FixAllProvider.Create(FixAllAsync);

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        foreach (var diagnostic in context.Diagnostics)
        {
            if (FindTarget(root, diagnostic) is null) continue;
            context.RegisterCodeFix(
                CodeAction.Create(Title, ct => FixAsync(context.Document, ImmutableArray.Create(diagnostic), ct), equivalenceKey: Title),
                diagnostic);
        }
    }

    private static async Task<Document?> FixAllAsync(FixAllContext context, Document document, ImmutableArray<Diagnostic> diagnostics)
        => await FixAsync(document, diagnostics, context.CancellationToken).ConfigureAwait(false);

    private static async Task<Document> FixAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || model is null) return document;

        var editor = new SyntaxEditor(root, document.Project.Solution.Services);
        var taken = new Dictionary<SyntaxNode, HashSet<string>>();
        foreach (var diagnostic in diagnostics.OrderBy(d => d.Location.SourceSpan.Start))
        {
            switch (FindTarget(root, diagnostic))
            {
                case LocalDeclarationStatementSyntax declaration:
                    var usingKeyword = SyntaxFactory.Token(SyntaxKind.UsingKeyword)
                        .WithLeadingTrivia(declaration.GetLeadingTrivia())
                        .WithTrailingTrivia(SyntaxFactory.Space);
                    editor.ReplaceNode(declaration, declaration.WithoutLeadingTrivia().WithUsingKeyword(usingKeyword));
                    break;
                case ExpressionStatementSyntax statement:
                    var baseName = diagnostic.Properties.TryGetValue(DiagnosticProperties.SuggestedLocalName, out var suggested) && suggested is not null ? suggested : "scope";
                    var name = FreeName(model, statement, baseName, taken, cancellationToken);
                    var invocation = FindInvocation(root, diagnostic)!;
                    editor.ReplaceNode(statement, UsingDeclaration(name, invocation).WithTriviaFrom(statement).WithAdditionalAnnotations(Formatter.Annotation));
                    break;
            }
        }

        return document.WithSyntaxRoot(editor.GetChangedRoot());
    }

    // Built around a placeholder and normalized before the user's expression goes in, so the expression keeps
    // its own layout.
    private static LocalDeclarationStatementSyntax UsingDeclaration(string name, ExpressionSyntax value)
    {
        var placeholder = SyntaxFactory.IdentifierName("value");
        var declaration = SyntaxFactory.LocalDeclarationStatement(
                SyntaxFactory.VariableDeclaration(
                    SyntaxFactory.IdentifierName("var"),
                    SyntaxFactory.SingletonSeparatedList(
                        SyntaxFactory.VariableDeclarator(SyntaxFactory.Identifier(name))
                            .WithInitializer(SyntaxFactory.EqualsValueClause(placeholder)))))
            .WithUsingKeyword(SyntaxFactory.Token(SyntaxKind.UsingKeyword))
            .NormalizeWhitespace();
        var slot = declaration.DescendantNodes().OfType<IdentifierNameSyntax>().Single(n => n.Identifier.ValueText == "value");
        return declaration.ReplaceNode(slot, value.WithoutTrivia());
    }

    /// <summary>The statement the fix rewrites, or <see langword="null"/> when no <c>using</c> declaration can go there.</summary>
    private static StatementSyntax? FindTarget(SyntaxNode? root, Diagnostic diagnostic)
    {
        if (!diagnostic.Properties.TryGetValue(DiagnosticProperties.ScopeShape, out var shape)) return null;
        var invocation = FindInvocation(root, diagnostic);
        if (invocation is null) return null;

        if (shape == DiagnosticProperties.ScopeShapeDiscarded)
        {
            var statement = invocation.Parent switch
            {
                ExpressionStatementSyntax direct => direct,
                AssignmentExpressionSyntax { Left: IdentifierNameSyntax { Identifier.ValueText: "_" }, Parent: ExpressionStatementSyntax discarded } => discarded,
                _ => null,
            };
            return statement is not null && CanHoldUsingDeclaration(statement) ? statement : null;
        }

        if (shape == DiagnosticProperties.ScopeShapeLocal
            && invocation.Parent is EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax { Variables.Count: 1, Parent: LocalDeclarationStatementSyntax declaration } } }
            && declaration.UsingKeyword.IsKind(SyntaxKind.None)
            && CanHoldUsingDeclaration(declaration))
        {
            return declaration;
        }

        return null;
    }

    // A using declaration must sit directly in a block (or top-level code), never in a switch section or
    // as the lone body of an if/while.
    private static bool CanHoldUsingDeclaration(StatementSyntax statement) => statement.Parent is BlockSyntax or GlobalStatementSyntax;

    private static InvocationExpressionSyntax? FindInvocation(SyntaxNode? root, Diagnostic diagnostic)
        => root?.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true)?.FirstAncestorOrSelf<InvocationExpressionSyntax>();

    // Names are tracked per member, not per block: C# forbids a nested block from reusing an enclosing
    // local's name (CS0136), so Fix All must not hand out "span" twice in one method.
    private static string FreeName(SemanticModel model, StatementSyntax statement, string baseName, Dictionary<SyntaxNode, HashSet<string>> taken, CancellationToken cancellationToken)
    {
        var member = (SyntaxNode?)statement.FirstAncestorOrSelf<MemberDeclarationSyntax>(m => m is not GlobalStatementSyntax) ?? statement.SyntaxTree.GetRoot(cancellationToken);
        if (!taken.TryGetValue(member, out var names))
        {
            // Names visible here, plus every name declared anywhere in the member (a later local or a lambda
            // parameter with the same name would clash too).
            names = new HashSet<string>(StringComparer.Ordinal);
            foreach (var symbol in model.LookupSymbols(statement.SpanStart))
            {
                names.Add(symbol.Name);
            }

            foreach (var token in member.DescendantTokens())
            {
                if (token.IsKind(SyntaxKind.IdentifierToken) && token.Parent is VariableDeclaratorSyntax or SingleVariableDesignationSyntax or ParameterSyntax or LocalFunctionStatementSyntax or ForEachStatementSyntax or CatchDeclarationSyntax)
                {
                    names.Add(token.ValueText);
                }
            }

            taken.Add(member, names);
        }

        var name = baseName;
        for (var suffix = 2; names.Contains(name); suffix++)
        {
            name = baseName + suffix.ToString(CultureInfo.InvariantCulture);
        }

        names.Add(name);
        return name;
    }
}
