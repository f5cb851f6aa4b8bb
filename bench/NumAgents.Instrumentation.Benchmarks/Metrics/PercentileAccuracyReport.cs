using System.Globalization;
using System.Text;

namespace NumAgents.Instrumentation.Benchmarks.Metrics;

/// <summary>
/// Not a timing benchmark: records 1,000,000 samples of each distribution into one histogram series
/// and prints a Markdown table of the relative error per percentile and the bytes the series holds
/// for percentiles. Run with <c>-- accuracy</c>.
/// </summary>
internal static class PercentileAccuracyReport
{
    private const int Samples = 1_000_000;
    private static readonly double[] _percentiles = [50, 90, 95, 99, 99.9];

    public static string Run()
    {
        var table = new StringBuilder();
        table.AppendLine("| distribution | range (decades) | " + string.Join(" | ", _percentiles.Select(p => $"p{p.ToString(CultureInfo.InvariantCulture)} error")) + " | bytes per series |");
        table.AppendLine("|---|---|" + string.Concat(Enumerable.Repeat("---|", _percentiles.Length)) + "---|");
        foreach (var distribution in new[] { "lognormal", "bimodal", "long-tail" })
        {
            var random = new Random(2026);
            var values = new double[Samples];
            for (var i = 0; i < values.Length; i++) values[i] = Sample(distribution, random);

            var handle = new MetricsCollector().GetHistogram("accuracy." + distribution);
            foreach (var value in values) handle.Record(value);
            Array.Sort(values);

            var errors = _percentiles.Select(p =>
            {
                var exact = values[(int)Math.Ceiling(p / 100 * values.Length) - 1];
                return Math.Abs(handle.GetPercentile(p) - exact) / exact;
            });
            var decades = Math.Log10(values[^1] / values[0]);
            table.Append(CultureInfo.InvariantCulture, $"| {distribution} | {decades:F1} | ")
                .Append(string.Join(" | ", errors.Select(e => (e * 100).ToString("F3", CultureInfo.InvariantCulture) + "%")))
                .AppendLine(CultureInfo.InvariantCulture, $" | {handle.PercentileBytes} |");
        }

        return table.ToString();
    }

    private static double Sample(string distribution, Random random)
    {
        var normal = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        return distribution switch
        {
            "lognormal" => Math.Exp(3 + (0.75 * normal)),
            "bimodal" => random.NextDouble() < 0.7 ? Math.Max(0.1, 8 + (normal * 1.5)) : Math.Max(0.1, 800 + (normal * 60)),
            _ => 1 / Math.Pow(1 - random.NextDouble(), 1 / 1.5),
        };
    }
}
