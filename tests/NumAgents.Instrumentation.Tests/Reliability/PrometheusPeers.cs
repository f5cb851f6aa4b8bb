using System.Globalization;
using System.Text;
using System.Text.Json;
using NumAgents.Instrumentation.Tests.Infrastructure;

namespace NumAgents.Instrumentation.Tests.Reliability;

/// <summary>
/// Runs Debian's <c>promtool check metrics</c> and Python's <c>prometheus_client</c> parser on one
/// exposition (one process each, however many cases the text holds).
/// </summary>
internal static class PrometheusPeers
{
    private const string DebianPython = "/usr/bin/python3";

    // The text is read as bytes and decoded as UTF-8, so the parser (not the pipe's newline handling) sees it.
    private const string Script = """
        import sys, json
        from prometheus_client.parser import text_string_to_metric_families
        text = open(sys.argv[1], 'rb').read().decode('utf-8')
        out = []
        for family in text_string_to_metric_families(text):
            out.append({'name': family.name, 'type': family.type, 'doc': family.documentation,
                        'samples': [{'name': s.name, 'labels': s.labels, 'value': repr(s.value)} for s in family.samples]})
        sys.stdout.write(json.dumps(out))
        """;

    public static void AssertPromtoolAccepts(string text)
    {
        var (exitCode, output) = ExternalTool.Run("promtool", "check metrics", text);

        // Exit 3 is lint advice only (naming conventions); 1 is a parse error.
        Assert.True(exitCode is 0 or 3, $"promtool exit {exitCode}:\n{Truncate(output)}");
        Assert.DoesNotContain("error while", output, StringComparison.OrdinalIgnoreCase);
    }

    public static IReadOnlyList<ParsedFamily> ParseWithPython(string text)
    {
        var directory = Directory.CreateTempSubdirectory("numagents-hostile-");
        try
        {
            var scriptPath = Path.Combine(directory.FullName, "parse.py");
            var inputPath = Path.Combine(directory.FullName, "metrics.txt");
            File.WriteAllText(scriptPath, Script);
            File.WriteAllBytes(inputPath, Encoding.UTF8.GetBytes(text));
            var (exitCode, output) = ExternalTool.Run(DebianPython, $"\"{scriptPath}\" \"{inputPath}\"");
            Assert.True(exitCode == 0, "prometheus_client failed:\n" + Truncate(output));
            return JsonDocument.Parse(output).RootElement.EnumerateArray().Select(f => new ParsedFamily(
                f.GetProperty("name").GetString()!,
                f.GetProperty("type").GetString()!,
                f.GetProperty("doc").GetString()!,
                f.GetProperty("samples").EnumerateArray().Select(s => new ParsedSample(
                    s.GetProperty("name").GetString()!,
                    s.GetProperty("labels").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!, StringComparer.Ordinal),
                    ParsePythonFloat(s.GetProperty("value").GetString()!))).ToList())).ToList();
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static double ParsePythonFloat(string repr) => repr switch
    {
        "inf" => double.PositiveInfinity,
        "-inf" => double.NegativeInfinity,
        "nan" => double.NaN,
        _ => double.Parse(repr, NumberStyles.Float, CultureInfo.InvariantCulture),
    };

    private static string Truncate(string text) => text.Length > 4000 ? text[..4000] + "..." : text;

    internal sealed record ParsedFamily(string Name, string Type, string Doc, IReadOnlyList<ParsedSample> Samples);

    internal sealed record ParsedSample(string Name, IReadOnlyDictionary<string, string> Labels, double Value);
}
