using System.Text;
using System.Text.Json.Nodes;
using Json.Schema;

namespace NumAgents.Instrumentation.Tests.Reliability;

/// <summary>The Jaeger UI trace-file schema the tracing tests use, for checks on hostile and faulty runs.</summary>
internal static class JaegerSchema
{
    private static readonly Lazy<JsonSchema> Schema = new(() => JsonSchema.FromFile(Path.Combine(AppContext.BaseDirectory, "Export", "Jaeger", "jaeger-ui-trace.schema.json")));

    public static string? Validate(JsonNode document)
    {
        var result = Schema.Value.Evaluate(document, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (result.IsValid) return null;
        var errors = new StringBuilder();
        foreach (var detail in result.Details)
        {
            if (detail.Errors is null) continue;
            foreach (var (keyword, message) in detail.Errors) errors.AppendLine($"{detail.InstanceLocation} {keyword}: {message}");
        }

        return errors.ToString();
    }

    public static void AssertValid(JsonNode document)
    {
        var errors = Validate(document);
        Assert.True(errors is null, "The export does not match the Jaeger schema:\n" + errors);
    }
}
