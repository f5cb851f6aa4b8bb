using System.Collections.Immutable;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using NumAgents.Instrumentation.Analyzers.Tests.Infrastructure;

namespace NumAgents.Instrumentation.Analyzers.Tests.Performance;

/// <summary>
/// A project of N alike files, each mostly ordinary code with a node class, metrics calls with labels, a
/// span, a timer and an instrumented method: what the analyzers see in a real code base, at any size.
/// Shared with the analyzer benchmark (linked into bench/).
/// </summary>
internal static class SyntheticProject
{
    public static ImmutableArray<SyntaxTree> Parse(int files)
        => Enumerable.Range(0, files)
            .Select(i => CSharpSyntaxTree.ParseText(Source(i), TestReferences.ParseOptions, path: "/synthetic/File" + i.ToString(CultureInfo.InvariantCulture) + ".cs"))
            .ToImmutableArray();

    public static CSharpCompilation Compile(ImmutableArray<SyntaxTree> trees)
        => CSharpCompilation.Create(
            "Synthetic",
            trees,
            TestReferences.All,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    public static string Source(int index) => """
        using System;
        using System.Collections.Generic;
        using System.Linq;
        using System.Text;
        using NumAgents.Core;
        using NumAgents.Instrumentation;

        namespace Synthetic.ModuleNNN;

        public enum RegionNNN { Eu, Us, Apac }

        [Traced, Timed, Counted]
        public partial class StepNNNNode : Node
        {
            protected override NodeResult Exec(SharedStore shared) => new() { ["step"] = NNN };
        }

        public sealed class ServiceNNN
        {
            private readonly MetricsCollector _metrics;
            private readonly Tracer _tracer;
            private readonly Dictionary<string, int> _cache = new(StringComparer.Ordinal);

            public ServiceNNN(MetricsCollector metrics, Tracer tracer)
            {
                _metrics = metrics;
                _tracer = tracer;
            }

            [Traced, Counted]
            public int Handle([Label] string route, RegionNNN region, bool cached, int attempts)
            {
                using var span = _tracer.Span("serviceNNN.handle");
                _metrics.Counter("serviceNNN.requests", labels: [("route", route), ("region", region.ToString()), ("cached", cached.ToString())]);
                using (_metrics.Timer("serviceNNN.duration", [("region", region.ToString())]))
                {
                    var total = 0;
                    for (var n = 0; n < attempts; n++)
                    {
                        total += Compute(n, region);
                    }

                    _metrics.Histogram("serviceNNN.size", total, [("status", total > 10 ? "large" : "small")]);
                    _metrics.Counter("serviceNNN.attempts", labels: [("attempts", attempts.ToString())]);
                    return total;
                }
            }

            public void Warm(IEnumerable<string> keys)
            {
                foreach (var key in keys.Where(k => k.Length > 2).OrderBy(k => k, StringComparer.Ordinal))
                {
                    _cache[key] = key.GetHashCode() % 17;
                }

                _metrics.Gauge("serviceNNN.cache.entries", _cache.Count);
            }

            public string Describe(Guid id, DateTime at, RegionNNN region)
            {
                var builder = new StringBuilder();
                builder.Append(id).Append(':').Append(at.ToString("O")).Append(':').Append(region);
                var parts = builder.ToString().Split(':').Select(p => p.Trim()).Where(p => p.Length > 0).ToList();
                return string.Join("|", parts) + Compute(parts.Count, region).ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            private static int Compute(int n, RegionNNN region) => region switch
            {
                RegionNNN.Eu => n * 2,
                RegionNNN.Us => n + 1,
                _ => n,
            };
        }
        """.Replace("NNN", index.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
}
