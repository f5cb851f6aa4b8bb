using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using NumAgents.Instrumentation.Analyzers.Internal;
using NumAgents.Instrumentation.Naming;

namespace NumAgents.Instrumentation.Analyzers.Rules;

/// <summary>
/// NAI0004 (name unusable in Prometheus), NAI0005 (two names export as one) and NAI0006 (one name, two
/// kinds), over every metrics call and every metric an instrumentation attribute generates.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class MetricNameAnalyzer : DiagnosticAnalyzer
{
    internal static readonly DiagnosticDescriptor UnusableNameRule = RuleIdentifiers.CreateRule(
        RuleIdentifiers.InvalidPrometheusName,
        title: "Metric name is unusable in Prometheus even after sanitizing",
        messageFormat: "Metric name '{0}' is unusable in Prometheus: {1}",
        category: "Naming",
        defaultSeverity: DiagnosticSeverity.Warning,
        description: "The exporter replaces every character outside [a-zA-Z0-9_] with '_' and prefixes a leading digit with '_'. A name that is empty, that keeps no letter or digit, or that starts with the reserved '__' cannot become a meaningful Prometheus name.");

    internal static readonly DiagnosticDescriptor CollisionRule = RuleIdentifiers.CreateRule(
        RuleIdentifiers.PrometheusNameCollision,
        title: "Two metric names export as the same Prometheus name",
        messageFormat: "Metric '{0}' exports as '{1}', which metric '{2}' also writes; the runtime rejects whichever registers second",
        category: "Naming",
        defaultSeverity: DiagnosticSeverity.Warning,
        description: "Names that differ only in characters the exporter replaces with '_' (api.requests and api_requests), names that meet once Prometheus suffixes are added (a counter api.requests and a counter api.requests.total both export api_requests_total), or a histogram or timer whose _bucket, _sum, _count or _created sample matches another metric, collide in some Prometheus exposition (conventional or legacy names, text or OpenMetrics). The runtime throws ArgumentException when the second one is first used.",
        customTags: WellKnownDiagnosticTags.CompilationEnd);

    internal static readonly DiagnosticDescriptor KindClashRule = RuleIdentifiers.CreateRule(
        RuleIdentifiers.MetricKindClash,
        title: "One metric name is used as two kinds",
        messageFormat: "Metric '{0}' is used as a {1} here but as a {2} at {3}; whichever use comes second at run time fails: a direct call throws ArgumentException, generated code records nothing for it and counts an instrumentation error",
        category: "Usage",
        defaultSeverity: DiagnosticSeverity.Error,
        description: "A metric name keeps the kind it was first used with (counter, gauge, histogram or timer). Using it as another kind fails at run time: a call to the metrics API throws ArgumentException; the timer or counter of an instrumentation attribute is contained instead (it records nothing, and MonitorStatistics.InstrumentationErrors counts it).",
        customTags: WellKnownDiagnosticTags.CompilationEnd);

    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(UnusableNameRule, CollisionRule, KindClashRule);

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
        if (symbols.MetricsCollector is null && !symbols.HasInstrumentationAttributes) return;

        var analysis = new Analysis(symbols);
        if (symbols.MetricsCollector is not null)
        {
            context.RegisterOperationAction(analysis.AnalyzeInvocation, OperationKind.Invocation);
        }

        if (symbols.HasInstrumentationAttributes)
        {
            context.RegisterSymbolAction(analysis.AnalyzeAttributes, SymbolKind.NamedType, SymbolKind.Method);
        }

        context.RegisterCompilationEndAction(analysis.ReportClashes);
    }

    private sealed class Analysis
    {
        private readonly InstrumentationSymbols _symbols;
        private readonly ConcurrentQueue<NameUsage> _usages = new();

        // Most names are written many times; each is checked once.
        private readonly ConcurrentDictionary<string, string?> _unusable = new(StringComparer.Ordinal);

        public Analysis(InstrumentationSymbols symbols) => _symbols = symbols;

        public void AnalyzeInvocation(OperationAnalysisContext context)
        {
            var invocation = (IInvocationOperation)context.Operation;
            var call = InstrumentationCall.From(invocation, _symbols);
            if (!call.IsMetric || call.ConstantName is not { } name || call.NameArgument is not { } argument) return;
            Record(context.ReportDiagnostic, name, call.MetricKind, MetricUnits.OfCall(invocation), argument.Value.Syntax.GetLocation());
        }

        // The metrics an attribute generates take part in the same checks: [Timed] on a node and a
        // hand-written Counter("node.duration") clash at run time just as two calls would.
        public void AnalyzeAttributes(SymbolAnalysisContext context)
        {
            var isClass = context.Symbol is INamedTypeSymbol;
            if (isClass && !_symbols.IsNode((INamedTypeSymbol)context.Symbol)) return;

            foreach (var attribute in context.Symbol.GetAttributes())
            {
                if (MetricUnits.OfAttribute(_symbols, attribute, isClass) is not var (name, kind, unit)) continue;
                var location = AttributeNames.Location(attribute, context.CancellationToken);
                if (location == Location.None) continue;
                Record(context.ReportDiagnostic, name, kind, unit, location);
            }
        }

        private void Record(Action<Diagnostic> report, string name, MetricKind kind, string? unit, Location location)
        {
            if (_unusable.GetOrAdd(name, PrometheusNameSanitizer.WhyUnusableMetricName) is { } reason)
            {
                report(Diagnostic.Create(UnusableNameRule, location, name, reason));
                return;
            }

            _usages.Enqueue(new NameUsage(name, kind, unit, location));
        }

        public void ReportClashes(CompilationAnalysisContext context)
        {
            var usages = _usages.ToArray();
            if (usages.Length == 0) return;
            Array.Sort(usages, static (x, y) => LocationOrder.Compare(x.Location, y.Location));

            // NAI0006: the first use (in file and position order) decides the kind.
            var firstByName = new Dictionary<string, NameUsage>(StringComparer.Ordinal);
            var kindsByName = new Dictionary<string, HashSet<MetricKind>>(StringComparer.Ordinal);
            foreach (var usage in usages)
            {
                if (!firstByName.TryGetValue(usage.Name, out var first))
                {
                    firstByName.Add(usage.Name, usage);
                    kindsByName.Add(usage.Name, new HashSet<MetricKind> { usage.Kind });
                    continue;
                }

                kindsByName[usage.Name].Add(usage.Kind);
                if (usage.Kind != first.Kind)
                {
                    context.ReportDiagnostic(Diagnostic.Create(
                        KindClashRule,
                        usage.Location,
                        new[] { first.Location },
                        usage.Name,
                        KindName(usage.Kind),
                        KindName(first.Kind),
                        Describe(first.Location)));
                }
            }

            // NAI0005: names in order of first use; an exported name belongs to the first metric that writes it,
            // computed by the runtime's own naming (the same claims the collector checks).
            var owners = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var first in firstByName.Values.OrderBy(u => u.Location, Comparer<Location>.Create(LocationOrder.Compare)))
            {
                var claimed = kindsByName[first.Name]
                    .SelectMany(kind => PrometheusFamilyName.Create(first.Name, MetricUnits.KindOf(kind), first.Unit).Claims())
                    .Distinct(StringComparer.Ordinal)
                    .ToArray();
                var collides = false;
                foreach (var sample in claimed)
                {
                    if (owners.TryGetValue(sample, out var owner) && owner != first.Name)
                    {
                        context.ReportDiagnostic(Diagnostic.Create(CollisionRule, first.Location, first.Name, PrometheusFamilyName.ClaimedName(sample), owner));
                        collides = true;
                        break;
                    }
                }

                // The runtime never registers the rejected name, so it claims nothing for later names.
                if (collides) continue;
                foreach (var sample in claimed)
                {
                    owners[sample] = first.Name;
                }
            }
        }

        private static string KindName(MetricKind kind) => kind switch
        {
            MetricKind.Counter => "counter",
            MetricKind.Gauge => "gauge",
            MetricKind.Histogram => "histogram",
            _ => "timer",
        };

        private static string Describe(Location location)
        {
            var span = location.GetLineSpan();
            return Path.GetFileName(span.Path) + ":" + (span.StartLinePosition.Line + 1).ToString(CultureInfo.InvariantCulture);
        }
    }
}
