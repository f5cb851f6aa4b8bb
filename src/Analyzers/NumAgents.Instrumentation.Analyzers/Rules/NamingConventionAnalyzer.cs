using System.Collections.Concurrent;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using NumAgents.Instrumentation.Analyzers.Internal;
using NumAgents.Instrumentation.Naming;

namespace NumAgents.Instrumentation.Analyzers.Rules;

/// <summary>NAI0012: metric and span names written in lowercase dotted form (<c>api.requests.total</c>).</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class NamingConventionAnalyzer : DiagnosticAnalyzer
{
    internal static readonly DiagnosticDescriptor Rule = RuleIdentifiers.CreateRule(
        RuleIdentifiers.NamingConvention,
        title: "Metric or span name is not in lowercase dotted form",
        messageFormat: "{0} name '{1}' is not in lowercase dotted form{2}",
        category: "Naming",
        defaultSeverity: DiagnosticSeverity.Info,
        description: "Metric and span names are lowercase segments separated by dots, words inside a segment joined by underscores (api.requests.total, http.server.request_duration), so they read the same in Prometheus, Jaeger and OpenTelemetry backends.");

    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Rule);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(static start =>
        {
            var symbols = InstrumentationSymbols.GetOrCreate(start.Compilation);

            // Most names are written many times; each is judged once per compilation.
            var verdicts = new ConcurrentDictionary<string, Verdict>(StringComparer.Ordinal);
            if (symbols.MetricsCollector is not null || symbols.Tracer is not null)
            {
                start.RegisterOperationAction(context => AnalyzeInvocation(context, symbols, verdicts), OperationKind.Invocation);
            }

            if (symbols.HasInstrumentationAttributes)
            {
                start.RegisterSymbolAction(context => AnalyzeAttributes(context, symbols, verdicts), SymbolKind.NamedType, SymbolKind.Method);
            }
        });
    }

    private static void AnalyzeInvocation(OperationAnalysisContext context, InstrumentationSymbols symbols, ConcurrentDictionary<string, Verdict> verdicts)
    {
        var call = InstrumentationCall.From((IInvocationOperation)context.Operation, symbols);
        if ((call.IsMetric || call.Kind == InstrumentationCallKind.Span) && call.ConstantName is { } name && call.NameArgument is { } argument)
        {
            Check(context.ReportDiagnostic, verdicts, call.Kind == InstrumentationCallKind.Span ? "Span" : "Metric", name, argument.Value.Syntax.GetLocation());
        }
    }

    private static void AnalyzeAttributes(SymbolAnalysisContext context, InstrumentationSymbols symbols, ConcurrentDictionary<string, Verdict> verdicts)
    {
        foreach (var attribute in context.Symbol.GetAttributes())
        {
            var kind = symbols.GetAttributeKind(attribute.AttributeClass);
            // A GenAI attribute's name is an agent's or tool's, not a span's or metric's.
            if (kind is not (InstrumentationAttributeKind.Traced or InstrumentationAttributeKind.Timed or InstrumentationAttributeKind.Counted)) continue;
            if (AttributeNames.ExplicitName(attribute) is not { } name) continue;
            var location = AttributeNames.Location(attribute, context.CancellationToken);
            if (location == Location.None) continue;
            Check(context.ReportDiagnostic, verdicts, kind == InstrumentationAttributeKind.Traced ? "Span" : "Metric", name, location);
        }
    }

    private static void Check(Action<Diagnostic> report, ConcurrentDictionary<string, Verdict> verdicts, string what, string name, Location location)
    {
        var verdict = verdicts.GetOrAdd(name, Judge);
        if (verdict.IsFine) return;
        report(Diagnostic.Create(Rule, location, verdict.Properties, what, name, verdict.Suggestion is null ? string.Empty : "; use '" + verdict.Suggestion + "'"));
    }

    // An unusable name is NAI0004's business; style comes after it works.
    private static Verdict Judge(string name)
    {
        if (NamingConvention.IsConventional(name) || PrometheusNameSanitizer.WhyUnusableMetricName(name) is not null) return new Verdict(true, null, ImmutableDictionary<string, string?>.Empty);
        var suggestion = NamingConvention.Suggest(name);
        var properties = suggestion is null
            ? ImmutableDictionary<string, string?>.Empty
            : ImmutableDictionary<string, string?>.Empty.Add(DiagnosticProperties.SuggestedName, suggestion);
        return new Verdict(false, suggestion, properties);
    }

    private sealed class Verdict(bool isFine, string? suggestion, ImmutableDictionary<string, string?> properties)
    {
        public bool IsFine { get; } = isFine;

        public string? Suggestion { get; } = suggestion;

        public ImmutableDictionary<string, string?> Properties { get; } = properties;
    }
}
