using Microsoft.CodeAnalysis.Testing;
using NumAgents.Instrumentation.Analyzers.Rules;
using NumAgents.Instrumentation.Analyzers.Tests.Infrastructure;

namespace NumAgents.Instrumentation.Analyzers.Tests.Rules;

/// <summary>NAI0003: the label sets a metric can reach, counted across every call site of the compilation.</summary>
public sealed class CardinalityBudgetTests
{
    private static readonly string[] BudgetOnly = [RuleIdentifiers.HighCardinalityLabelKey, RuleIdentifiers.HighCardinalityLabelValue];

    // 26 letters and 100 codes: 2,600 label sets, over the default budget of 2,000.
    private static readonly string Enums = "enum Letter { " + string.Join(", ", Enumerable.Range(0, 26).Select(i => "L" + i)) + " }\n"
        + "enum Code { " + string.Join(", ", Enumerable.Range(0, 100).Select(i => "C" + i)) + " }\n";

    [Fact]
    public async Task Enum_members_multiply_past_the_default_budget()
    {
        var source = Enums + """
            class Catalog
            {
                void Track(NumAgents.Instrumentation.MetricsCollector m, Letter letter, Code code, bool hit)
                {
                    m.Counter({|#0:"catalog.lookups"|}, labels: [("letter", letter.ToString()), ("code", code.ToString())]);
                    m.Counter("catalog.hits", labels: [("letter", letter.ToString()), ("hit", hit.ToString())]);
                }
            }
            """;

        await Verify<LabelCardinalityAnalyzer>.AnalyzerAsync(
            source,
            new Verify<LabelCardinalityAnalyzer>.Options { Disabled = BudgetOnly },
            new DiagnosticResult(LabelCardinalityAnalyzer.BudgetRule).WithLocation(0).WithArguments("catalog.lookups", "2,600", "code: 100 × letter: 26", "2,000"));
    }

    [Fact]
    public async Task Distinct_constants_across_call_sites_count_and_the_budget_is_configurable()
    {
        const string source = """
            using NumAgents.Instrumentation;

            class Http
            {
                void A(MetricsCollector m) => m.Counter({|#0:"http.requests"|}, labels: [("method", "GET"), ("status", "200")]);
                void B(MetricsCollector m) => m.Counter("http.requests", labels: [("method", "POST"), ("status", "201")]);
                void C(MetricsCollector m, bool ok) => m.Counter("http.requests", labels: [("method", "PUT"), ("status", ok ? "200" : "500")]);
                void D(MetricsCollector m) => m.Counter("http.other", labels: [("method", "GET")]);
            }
            """;

        // 3 methods × 3 statuses = 9 > 8; http.other has 1.
        await Verify<LabelCardinalityAnalyzer>.AnalyzerAsync(
            source,
            new Verify<LabelCardinalityAnalyzer>.Options { Disabled = BudgetOnly, EditorConfig = "numagents_instrumentation.cardinality_budget = 8\n" },
            new DiagnosticResult(LabelCardinalityAnalyzer.BudgetRule).WithLocation(0).WithArguments("http.requests", "9", "method: 3 × status: 3", "8"));
    }

    [Fact]
    public async Task Unbounded_keys_exceed_any_budget_while_unknown_values_are_not_guessed()
    {
        const string source = """
            using System;
            using NumAgents.Instrumentation;

            class Users
            {
                void Seen(MetricsCollector m, Guid user, string country)
                {
                    m.Counter({|#0:"users.seen"|}, labels: [("user", user.ToString()), ("plan", "free")]);
                    m.Counter("users.country", labels: [("country", country)]);
                }
            }
            """;

        await Verify<LabelCardinalityAnalyzer>.AnalyzerAsync(
            source,
            new Verify<LabelCardinalityAnalyzer>.Options { Disabled = BudgetOnly },
            new DiagnosticResult(LabelCardinalityAnalyzer.BudgetRule).WithLocation(0).WithArguments("users.seen", "unbounded", "plan: 1 × user: unbounded", "2,000"));
    }

    [Fact]
    public async Task Different_key_sets_of_one_metric_add_up()
    {
        var source = Enums + """
            class Mixed
            {
                void Track(NumAgents.Instrumentation.MetricsCollector m, Letter letter, Code code)
                {
                    m.Counter({|#0:"mixed.events"|}, labels: [("letter", letter.ToString()), ("code", code.ToString())]);
                    m.Counter("mixed.events", labels: [("code", code.ToString())]);
                    m.Counter("mixed.small", labels: [("code", code.ToString())]);
                    m.Counter("mixed.small", labels: [("letter", letter.ToString())]);
                }
            }
            """;

        await Verify<LabelCardinalityAnalyzer>.AnalyzerAsync(
            source,
            new Verify<LabelCardinalityAnalyzer>.Options { Disabled = BudgetOnly },
            new DiagnosticResult(LabelCardinalityAnalyzer.BudgetRule).WithLocation(0).WithArguments("mixed.events", "2,700", "code: 100 + code: 100 × letter: 26", "2,000"));
    }
}
