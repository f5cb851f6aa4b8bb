using Microsoft.CodeAnalysis.Testing;
using NumAgents.Instrumentation.Analyzers.Rules;
using NumAgents.Instrumentation.Analyzers.Tests.Infrastructure;

namespace NumAgents.Instrumentation.Analyzers.Tests.Rules;

/// <summary>NAI0004-NAI0006: names Prometheus cannot use, names that export alike, one name as two kinds.</summary>
public sealed class MetricNameTests
{
    [Fact]
    public async Task Names_with_nothing_usable_left_after_sanitizing_are_reported()
    {
        const string source = """
            using NumAgents.Instrumentation;

            class Names
            {
                void Record(MetricsCollector m)
                {
                    m.Counter({|#0:" "|});
                    m.Counter({|#1:"..."|});
                    m.Gauge({|#2:"__internal"|}, 1);
                    m.Counter({|#3:"запросы"|});
                    m.Counter("2xx.responses");
                    m.Counter("api.requests.total");
                    m.Counter("Api Requests");
                }
            }
            """;

        await Verify<MetricNameAnalyzer>.AnalyzerAsync(
            source,
            Unusable(0, " ", "it is empty or whitespace, which the runtime rejects"),
            Unusable(1, "...", "it becomes '___', which has no letter or digit left"),
            Unusable(2, "__internal", "it becomes '__internal', and names starting with '__' are reserved for Prometheus itself"),
            Unusable(3, "запросы", "it becomes '_______', which has no letter or digit left"));
    }

    [Fact]
    public async Task Names_that_sanitize_alike_or_collide_with_histogram_samples_are_reported()
    {
        const string source = """
            using NumAgents.Instrumentation;

            class Names
            {
                void Record(MetricsCollector m)
                {
                    m.Counter("api.requests");
                    m.Counter({|#0:"api_requests"|});
                    m.Counter("api.requests");
                    m.Histogram("db.query", 1);
                    m.Gauge({|#1:"db.query.count"|}, 3);
                    m.Counter({|#3:"db-query-sum-total"|});
                    using (m.Timer("cache.get")) { }
                    m.Counter({|#2:"cache:get_bucket"|});
                }
            }
            """;

        await Verify<MetricNameAnalyzer>.AnalyzerAsync(
            source,
            new DiagnosticResult(MetricNameAnalyzer.CollisionRule).WithLocation(0).WithArguments("api_requests", "api_requests_total", "api.requests"),
            new DiagnosticResult(MetricNameAnalyzer.CollisionRule).WithLocation(1).WithArguments("db.query.count", "db_query_count", "db.query"),
            new DiagnosticResult(MetricNameAnalyzer.CollisionRule).WithLocation(2).WithArguments("cache:get_bucket", "cache_get_bucket", "cache.get"),

            // OpenMetrics names the counter's family db_query_sum, which is the histogram's _sum sample.
            new DiagnosticResult(MetricNameAnalyzer.CollisionRule).WithLocation(3).WithArguments("db-query-sum-total", "db_query_sum", "db.query"));
    }

    [Fact]
    public async Task Names_that_meet_once_suffixes_and_units_are_added_are_reported()
    {
        const string source = """
            using NumAgents.Instrumentation;

            class Names
            {
                void Record(MetricsCollector m)
                {
                    m.Counter("api.requests");
                    m.Counter({|#0:"api.requests.total"|});
                    using (m.Timer("db.query")) { }
                    m.Gauge({|#1:"db.query.seconds"|}, 1);
                    m.Gauge("queue.size", 1, unit: "By");
                    m.Gauge({|#2:"queue.size.bytes"|}, 1);
                    m.Counter("jobs");
                    m.Gauge({|#3:"jobs.created"|}, 1);
                    m.Gauge("pool.size", 1);
                    m.Gauge("pool.size.ratio", 1);
                }
            }
            """;

        await Verify<MetricNameAnalyzer>.AnalyzerAsync(
            source,
            new DiagnosticResult(MetricNameAnalyzer.CollisionRule).WithLocation(0).WithArguments("api.requests.total", "api_requests_total", "api.requests"),
            new DiagnosticResult(MetricNameAnalyzer.CollisionRule).WithLocation(1).WithArguments("db.query.seconds", "db_query_seconds", "db.query"),
            new DiagnosticResult(MetricNameAnalyzer.CollisionRule).WithLocation(2).WithArguments("queue.size.bytes", "queue_size_bytes", "queue.size"),
            new DiagnosticResult(MetricNameAnalyzer.CollisionRule).WithLocation(3).WithArguments("jobs.created", "jobs_created", "jobs"));
    }

    [Fact]
    public async Task One_name_as_two_kinds_is_an_error_at_every_later_use_across_files()
    {
        const string first = """
            using NumAgents.Instrumentation;

            class First
            {
                void Record(MetricsCollector m)
                {
                    m.Counter("jobs.done");
                    m.GetCounter("jobs.done").Add(1);
                    m.Histogram("jobs.latency", 3);
                }
            }
            """;
        const string second = """
            using NumAgents.Instrumentation;

            class Second
            {
                void Record(MetricsCollector m)
                {
                    m.Gauge({|#0:"jobs.done"|}, 1);
                    using var timer = m.Timer({|#1:"jobs.latency"|});
                    m.GetHistogram("jobs.latency").Record(2);
                }
            }
            """;

        var test = new Verify<MetricNameAnalyzer>.Options();
        await Verify<MetricNameAnalyzer>.AnalyzerAsync(
            [("/0/First.cs", first), ("/0/Second.cs", second)],
            test,
            new DiagnosticResult(MetricNameAnalyzer.KindClashRule).WithLocation(0).WithLocation("/0/First.cs", 7, 19).WithArguments("jobs.done", "gauge", "counter", "First.cs:7"),
            new DiagnosticResult(MetricNameAnalyzer.KindClashRule).WithLocation(1).WithLocation("/0/First.cs", 9, 21).WithArguments("jobs.latency", "timer", "histogram", "First.cs:9"));
    }

    [Fact]
    public async Task Metrics_generated_by_attributes_take_part_in_the_kind_check()
    {
        const string source = """
            using NumAgents.Core;
            using NumAgents.Instrumentation;

            [Timed, Counted("orders.processed")]
            partial class OrderNode : Node
            {
                protected override NodeResult Exec(SharedStore shared) => new();
            }

            class Manual
            {
                [Counted]
                public void Work() { }

                void Record(MetricsCollector m)
                {
                    m.Counter({|#0:"node.duration"|});
                    m.Gauge({|#1:"method.invocations"|}, 1);
                    m.Counter("orders.processed");
                }
            }
            """;

        await Verify<MetricNameAnalyzer>.AnalyzerAsync(
            source,
            new DiagnosticResult(MetricNameAnalyzer.KindClashRule).WithLocation(0).WithLocation(4, 2).WithArguments("node.duration", "counter", "timer", "Test0.cs:4"),
            new DiagnosticResult(MetricNameAnalyzer.KindClashRule).WithLocation(1).WithLocation(12, 6).WithArguments("method.invocations", "gauge", "counter", "Test0.cs:12"));
    }

    [Fact]
    public async Task Empty_attribute_names_are_left_to_NAI0013_because_no_metric_is_generated()
    {
        const string source = """
            using NumAgents.Instrumentation;

            class Service
            {
                [Timed("")] public void A() { }
                [Counted("  ")] public void B() { }
                [Counted({|#0:"!!!"|})] public void C() { }
            }
            """;

        await Verify<MetricNameAnalyzer>.AnalyzerAsync(source, Unusable(0, "!!!", "it becomes '___', which has no letter or digit left"));
    }

    private static DiagnosticResult Unusable(int location, string name, string reason)
        => new DiagnosticResult(MetricNameAnalyzer.UnusableNameRule).WithLocation(location).WithArguments(name, reason);
}
