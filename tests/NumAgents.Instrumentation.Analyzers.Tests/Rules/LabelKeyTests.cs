using Microsoft.CodeAnalysis.Testing;
using NumAgents.Instrumentation.Analyzers.Rules;
using NumAgents.Instrumentation.Analyzers.Tests.Infrastructure;

namespace NumAgents.Instrumentation.Analyzers.Tests.Rules;

/// <summary>NAI0002: label keys that name per-user, per-request or per-event values; the list is configurable.</summary>
public sealed class LabelKeyTests
{
    private static readonly string[] KeysOnly = [RuleIdentifiers.CardinalityBudgetExceeded, RuleIdentifiers.HighCardinalityLabelValue];

    [Fact]
    public async Task Default_keys_are_reported_in_any_spelling_while_look_alikes_stay_silent()
    {
        const string source = """
            using System.Collections.Generic;
            using NumAgents.Instrumentation;

            class Api
            {
                void Handle(MetricsCollector m, string user, string session, string address)
                {
                    m.Counter("api.calls", labels: [({|#0:"user_id"|}, user), ("region", "eu")]);
                    m.Counter("api.sessions", labels: [({|#1:"sessionId"|}, session)]);
                    m.Counter("api.clients", labels: new Dictionary<string, string> { [{|#2:"IP"|}] = address });
                    m.Counter("api.links", labels: [({|#3:"url"|}, address), ("zip", "75001"), ("tip", "x"), ("user_type", "admin")]);
                }
            }
            """;

        await Verify<LabelCardinalityAnalyzer>.AnalyzerAsync(
            source,
            new Verify<LabelCardinalityAnalyzer>.Options { Disabled = KeysOnly },
            Expect(0, "user_id", "metric 'api.calls'"),
            Expect(1, "sessionId", "metric 'api.sessions'"),
            Expect(2, "IP", "metric 'api.clients'"),
            Expect(3, "url", "metric 'api.links'"));
    }

    [Fact]
    public async Task Label_parameters_and_properties_are_checked_by_their_label_name()
    {
        const string source = """
            using NumAgents.Instrumentation;

            class Accounts
            {
                [Traced]
                public void Login([Label] string {|#0:email|}, [Label("tenant")] string requestId, [Label("trace_id")] string {|#1:other|}) { }

                [Label]
                public string {|#2:Uuid|} { get; set; } = "";
            }
            """;

        await Verify<LabelCardinalityAnalyzer>.AnalyzerAsync(
            source,
            new Verify<LabelCardinalityAnalyzer>.Options { Disabled = KeysOnly },
            Expect(0, "email", "method 'Accounts.Login'"),
            Expect(1, "trace_id", "method 'Accounts.Login'"),
            Expect(2, "Uuid", "type 'Accounts'"));
    }

    [Fact]
    public async Task Extra_labels_of_instrumentation_attributes_are_checked()
    {
        const string source = """
            using NumAgents.Core;
            using NumAgents.Instrumentation;

            [{|#0:Counted(ExtraLabels = ["team=core", "request_id=1"])|}]
            partial class LoadNode : Node
            {
                protected override NodeResult Exec(SharedStore shared) => new();

                [Timed(ExtraLabels = ["tier=gold"])]
                public void Work() { }
            }
            """;

        await Verify<LabelCardinalityAnalyzer>.AnalyzerAsync(
            source,
            new Verify<LabelCardinalityAnalyzer>.Options { Disabled = KeysOnly },
            Expect(0, "request_id", "[Counted] of 'LoadNode'"));
    }

    [Fact]
    public async Task The_editorconfig_list_replaces_or_extends_the_default_keys()
    {
        const string source = """
            using NumAgents.Instrumentation;

            class Shop
            {
                void Sell(MetricsCollector m, string customer, string user, string sku)
                {
                    m.Counter("shop.sales", labels: [({|#0:"customer"|}, customer), ("user_id", user), ({|#1:"SKU"|}, sku)]);
                }
            }
            """;

        await Verify<LabelCardinalityAnalyzer>.AnalyzerAsync(
            source,
            new Verify<LabelCardinalityAnalyzer>.Options
            {
                Disabled = KeysOnly,
                EditorConfig = "numagents_instrumentation.high_cardinality_label_keys = customer, sku\n",
            },
            Expect(0, "customer", "metric 'shop.sales'"),
            Expect(1, "SKU", "metric 'shop.sales'"));

        const string extended = """
            using NumAgents.Instrumentation;

            class Shop
            {
                void Sell(MetricsCollector m, string customer, string user)
                {
                    m.Counter("shop.sales", labels: [({|#0:"customer"|}, customer), ({|#1:"user_id"|}, user)]);
                }
            }
            """;

        await Verify<LabelCardinalityAnalyzer>.AnalyzerAsync(
            extended,
            new Verify<LabelCardinalityAnalyzer>.Options
            {
                Disabled = KeysOnly,
                EditorConfig = "numagents_instrumentation.additional_high_cardinality_label_keys = customer\n",
            },
            Expect(0, "customer", "metric 'shop.sales'"),
            Expect(1, "user_id", "metric 'shop.sales'"));
    }

    private static DiagnosticResult Expect(int location, string key, string subject)
        => new DiagnosticResult(LabelCardinalityAnalyzer.HighCardinalityKeyRule).WithLocation(location).WithArguments(key, subject);
}
