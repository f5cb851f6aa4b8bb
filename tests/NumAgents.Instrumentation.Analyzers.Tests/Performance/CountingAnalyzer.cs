using System.Collections.Concurrent;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace NumAgents.Instrumentation.Analyzers.Tests.Performance;

/// <summary>
/// Wraps an analyzer and counts every callback the driver makes into it, by kind, plus what it asked of the
/// driver (concurrent execution, generated-code handling) and which compilation it was started for.
/// </summary>
/// <remarks>
/// A test wrapper, never loaded by a compiler: it forwards Initialize to the wrapped analyzer, which makes the
/// registrations the analyzer rules look for (RS1001, RS1012, RS1025, RS1026 do not apply).
/// </remarks>
#pragma warning disable RS1001, RS1012, RS1025, RS1026
internal sealed class CountingAnalyzer : DiagnosticAnalyzer
{
    private readonly DiagnosticAnalyzer _inner;
    private readonly Func<long>? _clock;
    private long _elapsed;

    /// <param name="inner">The analyzer to observe.</param>
    /// <param name="clock">When given, read before and after every callback; the differences add up in <see cref="Elapsed"/>.</param>
    public CountingAnalyzer(DiagnosticAnalyzer inner, Func<long>? clock = null)
    {
        _inner = inner;
        _clock = clock;
    }

    public DiagnosticAnalyzer Inner => _inner;

    /// <summary>The sum of clock differences over every callback (0 without a clock).</summary>
    public long Elapsed => Interlocked.Read(ref _elapsed);

    public ConcurrentDictionary<string, int> Callbacks { get; } = new();

    public bool ConcurrentExecution { get; private set; }

    public GeneratedCodeAnalysisFlags? GeneratedCode { get; private set; }

    public ConcurrentBag<Compilation> StartedFor { get; } = [];

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => _inner.SupportedDiagnostics;

    public override void Initialize(AnalysisContext context) => _inner.Initialize(new CountingContext(context, this));

    private void Count(string kind) => Callbacks.AddOrUpdate(kind, 1, static (_, n) => n + 1);

    private Action<T> Wrap<T>(string kind, Action<T> action) => value =>
    {
        Count(kind);
        Timed(action, value);
    };

    private void Timed<T>(Action<T> action, T value)
    {
        if (_clock is null)
        {
            action(value);
            return;
        }

        var start = _clock();
        try
        {
            action(value);
        }
        finally
        {
            Interlocked.Add(ref _elapsed, _clock() - start);
        }
    }

    private sealed class CountingContext(AnalysisContext inner, CountingAnalyzer owner) : AnalysisContext
    {
        public override void EnableConcurrentExecution()
        {
            owner.ConcurrentExecution = true;
            inner.EnableConcurrentExecution();
        }

        public override void ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags analysisMode)
        {
            owner.GeneratedCode = analysisMode;
            inner.ConfigureGeneratedCodeAnalysis(analysisMode);
        }

        public override void RegisterCompilationStartAction(Action<CompilationStartAnalysisContext> action)
            => inner.RegisterCompilationStartAction(start =>
            {
                owner.Count("CompilationStart");
                owner.StartedFor.Add(start.Compilation);
                owner.Timed(action, new CountingStartContext(start, owner));
            });

        public override void RegisterCompilationAction(Action<CompilationAnalysisContext> action) => inner.RegisterCompilationAction(owner.Wrap("Compilation", action));

        public override void RegisterSemanticModelAction(Action<SemanticModelAnalysisContext> action) => inner.RegisterSemanticModelAction(owner.Wrap("SemanticModel", action));

        public override void RegisterSymbolAction(Action<SymbolAnalysisContext> action, ImmutableArray<SymbolKind> symbolKinds) => inner.RegisterSymbolAction(owner.Wrap("Symbol", action), symbolKinds);

        public override void RegisterCodeBlockStartAction<TLanguageKindEnum>(Action<CodeBlockStartAnalysisContext<TLanguageKindEnum>> action) => inner.RegisterCodeBlockStartAction(owner.Wrap("CodeBlockStart", action));

        public override void RegisterCodeBlockAction(Action<CodeBlockAnalysisContext> action) => inner.RegisterCodeBlockAction(owner.Wrap("CodeBlock", action));

        public override void RegisterSyntaxTreeAction(Action<SyntaxTreeAnalysisContext> action) => inner.RegisterSyntaxTreeAction(owner.Wrap("SyntaxTree", action));

        public override void RegisterSyntaxNodeAction<TLanguageKindEnum>(Action<SyntaxNodeAnalysisContext> action, ImmutableArray<TLanguageKindEnum> syntaxKinds) => inner.RegisterSyntaxNodeAction(owner.Wrap("SyntaxNode", action), syntaxKinds);

        public override void RegisterOperationAction(Action<OperationAnalysisContext> action, ImmutableArray<OperationKind> operationKinds) => inner.RegisterOperationAction(owner.Wrap("Operation", action), operationKinds);
    }

    private sealed class CountingStartContext(CompilationStartAnalysisContext inner, CountingAnalyzer owner)
        : CompilationStartAnalysisContext(inner.Compilation, inner.Options, inner.CancellationToken)
    {
        public override void RegisterCompilationEndAction(Action<CompilationAnalysisContext> action) => inner.RegisterCompilationEndAction(owner.Wrap("CompilationEnd", action));

        public override void RegisterSemanticModelAction(Action<SemanticModelAnalysisContext> action) => inner.RegisterSemanticModelAction(owner.Wrap("SemanticModel", action));

        public override void RegisterSymbolAction(Action<SymbolAnalysisContext> action, ImmutableArray<SymbolKind> symbolKinds) => inner.RegisterSymbolAction(owner.Wrap("Symbol", action), symbolKinds);

        public override void RegisterCodeBlockStartAction<TLanguageKindEnum>(Action<CodeBlockStartAnalysisContext<TLanguageKindEnum>> action) => inner.RegisterCodeBlockStartAction(owner.Wrap("CodeBlockStart", action));

        public override void RegisterCodeBlockAction(Action<CodeBlockAnalysisContext> action) => inner.RegisterCodeBlockAction(owner.Wrap("CodeBlock", action));

        public override void RegisterSyntaxTreeAction(Action<SyntaxTreeAnalysisContext> action) => inner.RegisterSyntaxTreeAction(owner.Wrap("SyntaxTree", action));

        public override void RegisterSyntaxNodeAction<TLanguageKindEnum>(Action<SyntaxNodeAnalysisContext> action, ImmutableArray<TLanguageKindEnum> syntaxKinds) => inner.RegisterSyntaxNodeAction(owner.Wrap("SyntaxNode", action), syntaxKinds);

        public override void RegisterOperationAction(Action<OperationAnalysisContext> action, ImmutableArray<OperationKind> operationKinds) => inner.RegisterOperationAction(owner.Wrap("Operation", action), operationKinds);
    }
}
#pragma warning restore RS1001, RS1012, RS1025, RS1026
