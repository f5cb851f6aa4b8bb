using Microsoft.CodeAnalysis.Testing;
using NumAgents.Instrumentation.Analyzers.CodeFixes.Rules;
using NumAgents.Instrumentation.Analyzers.Rules;
using NumAgents.Instrumentation.Analyzers.Tests.Infrastructure;

namespace NumAgents.Instrumentation.Analyzers.Tests.Rules;

/// <summary>NAI0001: label values from unbounded sources, and the fix that moves them onto the enclosing span.</summary>
public sealed class LabelValueTests
{
    private static readonly Verify<LabelCardinalityAnalyzer>.Options ValuesOnly = new() { Disabled = [RuleIdentifiers.CardinalityBudgetExceeded, RuleIdentifiers.HighCardinalityLabelKey] };

    [Fact]
    public async Task Guid_and_time_values_are_reported_naming_label_metric_and_source()
    {
        const string source = """
            using System;
            using NumAgents.Instrumentation;

            class Orders
            {
                void Place(MetricsCollector m, Guid orderId)
                {
                    m.Counter("orders.placed", labels: [("order", {|#0:orderId.ToString()|}), ("region", "eu")]);
                    m.Histogram("orders.value", 3, labels: [("at", {|#1:DateTime.UtcNow.ToString("o")|})]);
                    m.Gauge("orders.age", 1, [("age", {|#2:TimeSpan.FromSeconds(3).ToString()|})]);
                    m.GetCounter("orders.offset", [("offset", {|#3:DateTimeOffset.Now.ToString()|})]);
                }
            }
            """;

        await Verify<LabelCardinalityAnalyzer>.AnalyzerAsync(
            source,
            ValuesOnly,
            Expect(0, "order", "metric 'orders.placed'", "a Guid"),
            Expect(1, "at", "metric 'orders.value'", "a DateTime"),
            Expect(2, "age", "metric 'orders.age'", "a TimeSpan"),
            Expect(3, "offset", "metric 'orders.offset'", "a DateTimeOffset"));
    }

    [Fact]
    public async Task Numbers_random_interpolation_and_concatenation_with_non_constant_parts_are_reported()
    {
        const string source = """
            using System;
            using NumAgents.Instrumentation;

            class Jobs
            {
                void Run(MetricsCollector m, int attempt, long bytes, string tenant, Random random)
                {
                    m.Counter("jobs.runs", labels: [("attempt", {|#0:attempt.ToString()|})]);
                    m.Counter("jobs.bytes", labels: [("size", {|#1:Convert.ToString(bytes)|})]);
                    m.Counter("jobs.shard", labels: [("shard", {|#2:random.Next(100).ToString()|})]);
                    m.Counter("jobs.tenant", labels: [("tenant", {|#3:$"t-{tenant}"|})]);
                    m.Counter("jobs.tenant2", labels: [("tenant", {|#4:"t-" + tenant|})]);
                    m.Counter("jobs.try", labels: [("try", {|#5:$"try-{attempt}"|})]);
                    using var timer = m.Timer("jobs.duration", [("at", {|#6:$"{DateTime.Now:HH}"|})]);
                }
            }
            """;

        await Verify<LabelCardinalityAnalyzer>.AnalyzerAsync(
            source,
            ValuesOnly,
            Expect(0, "attempt", "metric 'jobs.runs'", "a number converted to text"),
            Expect(1, "size", "metric 'jobs.bytes'", "a number converted to text"),
            Expect(2, "shard", "metric 'jobs.shard'", "a Random value"),
            Expect(3, "tenant", "metric 'jobs.tenant'", "an interpolated string with non-constant parts"),
            Expect(4, "tenant", "metric 'jobs.tenant2'", "a concatenation with non-constant parts"),
            Expect(5, "try", "metric 'jobs.try'", "an interpolated string containing a number converted to text"),
            Expect(6, "at", "metric 'jobs.duration'", "an interpolated string containing a DateTime"));
    }

    [Fact]
    public async Task A_local_dictionary_and_With_are_followed_to_the_unbounded_value()
    {
        const string source = """
            using System;
            using System.Collections.Generic;
            using NumAgents.Instrumentation;

            class Sessions
            {
                void Open(MetricsCollector m)
                {
                    var id = Guid.NewGuid().ToString();
                    m.Counter("sessions.opened", labels: [("session", {|#0:id|})]);

                    var labels = new Dictionary<string, string> { ["started"] = {|#1:DateTime.UtcNow.ToString()|}, ["kind"] = "web" };
                    m.Counter("sessions.started", labels: labels);

                    m.Counter("sessions.pairs", labels: new Dictionary<string, string> { { "n", {|#2:Environment.TickCount.ToString()|} } });
                    m.Counter("sessions.with", labels: Labels.Empty.With("at", {|#3:DateTimeOffset.UtcNow.ToString()|}));
                }
            }
            """;

        await Verify<LabelCardinalityAnalyzer>.AnalyzerAsync(
            source,
            ValuesOnly,
            Expect(0, "session", "metric 'sessions.opened'", "a Guid"),
            Expect(1, "started", "metric 'sessions.started'", "a DateTime"),
            Expect(2, "n", "metric 'sessions.pairs'", "a number converted to text"),
            Expect(3, "at", "metric 'sessions.with'", "a DateTimeOffset"));
    }

    [Fact]
    public async Task Bounded_values_stay_silent()
    {
        const string source = """
            using System;
            using NumAgents.Instrumentation;

            enum Region { Eu, Us, Apac }

            class Requests
            {
                const string Method = "GET";

                void Handle(MetricsCollector m, Region region, bool cached, int status, string route, Region? fallback)
                {
                    m.Counter("http.requests", labels: [("method", Method), ("region", region.ToString()), ("cached", cached.ToString())]);
                    m.Counter("http.regions", labels: [("region", $"{region}"), ("lower", region.ToString().ToLowerInvariant()), ("name", nameof(Region.Eu))]);
                    m.Counter("http.status", labels: [("class", status switch { < 300 => "2xx", < 500 => "4xx", _ => "5xx" })]);
                    m.Counter("http.cache", labels: [("cache", cached ? "hit" : "miss"), ("fallback", fallback?.ToString() ?? "none")]);
                    m.Counter("http.route", labels: [("route", route), ("version", "v" + 2), ("tier", $"tier-{(cached ? 1 : 2)}")]);
                    var kind = cached ? "warm" : "cold";
                    m.Counter("http.kind", labels: [("kind", kind)]);
                    m.Counter("http.none");
                    m.Counter("http.default", labels: default);
                }
            }
            """;

        await Verify<LabelCardinalityAnalyzer>.AnalyzerAsync(source, ValuesOnly);
    }

    [Fact]
    public async Task Label_parameters_are_checked_by_type_and_at_call_sites()
    {
        const string source = """
            using System;
            using NumAgents.Instrumentation;

            enum Plan { Free, Pro }

            class Billing
            {
                [Counted]
                public void Charge([Label] Guid {|#0:customer|}, [Label("plan")] Plan plan, [Label] string region) { }

                [Timed]
                public void Refund([Label] string reason) { }

                public void NotInstrumented([Label] DateTime when) { }

                void Use(Guid id)
                {
                    Charge(id, Plan.Pro, "eu");
                    Refund({|#1:id.ToString()|});
                    Refund("duplicate");
                    NotInstrumented(DateTime.Now);
                }
            }
            """;

        await Verify<LabelCardinalityAnalyzer>.AnalyzerAsync(
            source,
            ValuesOnly,
            Expect(0, "customer", "method 'Billing.Charge'", "a Guid"),
            Expect(1, "reason", "method 'Billing.Refund'", "a Guid"));
    }

    [Fact]
    public async Task Fix_moves_the_label_to_the_enclosing_span_as_an_attribute()
    {
        const string source = """
            using System;
            using NumAgents.Instrumentation;

            class Checkout
            {
                void Pay(MetricsCollector m, Tracer tracer, Guid orderId)
                {
                    using (var span = tracer.Span("checkout.pay"))
                    {
                        m.Counter("payments.total", labels: [("order", {|#0:orderId.ToString()|}), ("method", "card")]);
                    }

                    using var outer = tracer.Span("checkout.refund");
                    m.Counter("refunds.total", labels: [("order", {|#1:orderId.ToString()|})]);
                    m.Counter("refunds.amount", 5, [("at", {|#2:DateTime.UtcNow.ToString()|}), ("id", {|#3:orderId.ToString()|})]);
                }
            }
            """;

        const string fixedSource = """
            using System;
            using NumAgents.Instrumentation;

            class Checkout
            {
                void Pay(MetricsCollector m, Tracer tracer, Guid orderId)
                {
                    using (var span = tracer.Span("checkout.pay"))
                    {
                        span.SetAttribute("order", orderId.ToString());
                        m.Counter("payments.total", labels: [("method", "card")]);
                    }

                    using var outer = tracer.Span("checkout.refund");
                    outer.SetAttribute("order", orderId.ToString());
                    m.Counter("refunds.total");
                    outer.SetAttribute("at", DateTime.UtcNow.ToString());
                    outer.SetAttribute("id", orderId.ToString());
                    m.Counter("refunds.amount", 5);
                }
            }
            """;

        await Verify<LabelCardinalityAnalyzer>.FixAsync<MoveLabelToSpanAttributeFixer>(
            source,
            fixedSource,
            ValuesOnly,
            Expect(0, "order", "metric 'payments.total'", "a Guid"),
            Expect(1, "order", "metric 'refunds.total'", "a Guid"),
            Expect(2, "at", "metric 'refunds.amount'", "a DateTime"),
            Expect(3, "id", "metric 'refunds.amount'", "a Guid"));
    }

    [Fact]
    public async Task Fix_handles_dictionary_initializers_and_is_not_offered_outside_a_span()
    {
        const string source = """
            using System;
            using System.Collections.Generic;
            using NumAgents.Instrumentation;

            class Import
            {
                void Load(MetricsCollector m, Tracer tracer, Guid batch)
                {
                    using var span = tracer.Span("import.load");
                    m.Counter("import.rows", labels: new Dictionary<string, string> { ["batch"] = {|#0:batch.ToString()|}, ["source"] = "csv" });
                    m.Counter("import.files", labels: new Dictionary<string, string> { { "batch", {|#1:batch.ToString()|} } });
                }

                void Outside(MetricsCollector m, Guid batch)
                {
                    m.Counter("import.orphans", labels: [("batch", {|#2:batch.ToString()|})]);
                }
            }
            """;

        const string fixedSource = """
            using System;
            using System.Collections.Generic;
            using NumAgents.Instrumentation;

            class Import
            {
                void Load(MetricsCollector m, Tracer tracer, Guid batch)
                {
                    using var span = tracer.Span("import.load");
                    span.SetAttribute("batch", batch.ToString());
                    m.Counter("import.rows", labels: new Dictionary<string, string> { ["source"] = "csv" });
                    span.SetAttribute("batch", batch.ToString());
                    m.Counter("import.files", labels: new Dictionary<string, string>());
                }

                void Outside(MetricsCollector m, Guid batch)
                {
                    m.Counter("import.orphans", labels: [("batch", {|#2:batch.ToString()|})]);
                }
            }
            """;

        await Verify<LabelCardinalityAnalyzer>.FixAsync<MoveLabelToSpanAttributeFixer>(
            source,
            fixedSource,
            new Verify<LabelCardinalityAnalyzer>.Options
            {
                Disabled = ValuesOnly.Disabled,
                RemainingDiagnostics = [Expect(2, "batch", "metric 'import.orphans'", "a Guid")],
            },
            Expect(0, "batch", "metric 'import.rows'", "a Guid"),
            Expect(1, "batch", "metric 'import.files'", "a Guid"),
            Expect(2, "batch", "metric 'import.orphans'", "a Guid"));
    }

    private static DiagnosticResult Expect(int location, string label, string subject, string source)
        => new DiagnosticResult(LabelCardinalityAnalyzer.UnboundedValueRule).WithLocation(location).WithArguments(label, subject, source);
}
