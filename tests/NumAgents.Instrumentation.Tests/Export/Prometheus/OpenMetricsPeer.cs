using System.Text.Json;
using NumAgents.Instrumentation.Tests.Infrastructure;

namespace NumAgents.Instrumentation.Tests.Export.Prometheus;

/// <summary>Python's <c>prometheus_client.openmetrics.parser</c> (Debian's python3-prometheus-client), which validates as it reads.</summary>
internal static class OpenMetricsPeer
{
    private const string Script = """
        import sys, json
        from prometheus_client.openmetrics.parser import text_string_to_metric_families
        text = open(sys.argv[1], 'rb').read().decode('utf-8')
        out = []
        for family in text_string_to_metric_families(text):
            out.append({'name': family.name, 'type': family.type, 'help': family.documentation, 'unit': family.unit,
                        'samples': [{'name': s.name, 'labels': s.labels, 'value': repr(float(s.value)),
                                     'exemplar': None if s.exemplar is None else dict(s.exemplar.labels)} for s in family.samples]})
        sys.stdout.write(json.dumps(out))
        """;

    public static IReadOnlyList<Family> Parse(string exposition)
    {
        var directory = Directory.CreateTempSubdirectory("numagents-openmetrics-");
        try
        {
            var scriptPath = Path.Combine(directory.FullName, "parse.py");
            var inputPath = Path.Combine(directory.FullName, "metrics.txt");
            File.WriteAllText(scriptPath, Script);
            File.WriteAllBytes(inputPath, System.Text.Encoding.UTF8.GetBytes(exposition));
            var (exitCode, output) = ExternalTool.Run("/usr/bin/python3", $"\"{scriptPath}\" \"{inputPath}\"");
            Assert.True(exitCode == 0, "the OpenMetrics parser rejected the exposition:\n" + (output.Length > 4000 ? output[..4000] : output));
            return JsonDocument.Parse(output).RootElement.EnumerateArray().Select(f => new Family(
                f.GetProperty("name").GetString()!,
                f.GetProperty("type").GetString()!,
                f.GetProperty("help").GetString()!,
                f.GetProperty("unit").GetString()!,
                f.GetProperty("samples").EnumerateArray().Select(s => new Sample(
                    s.GetProperty("name").GetString()!,
                    s.GetProperty("labels").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!, StringComparer.Ordinal),
                    ParseFloat(s.GetProperty("value").GetString()!),
                    s.GetProperty("exemplar").ValueKind == JsonValueKind.Null ? null : s.GetProperty("exemplar").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!, StringComparer.Ordinal))).ToList())).ToList();
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static double ParseFloat(string repr) => repr switch
    {
        "inf" => double.PositiveInfinity,
        "-inf" => double.NegativeInfinity,
        "nan" => double.NaN,
        _ => double.Parse(repr, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture),
    };

    internal sealed record Family(string Name, string Type, string Help, string Unit, IReadOnlyList<Sample> Samples);

    internal sealed record Sample(string Name, IReadOnlyDictionary<string, string> Labels, double Value, IReadOnlyDictionary<string, string>? Exemplar);
}
