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
        var result = Schema.Value.Evaluate(WithinDecimalRange(document), new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (result.IsValid) return null;
        var errors = new StringBuilder();
        foreach (var detail in result.Details)
        {
            if (detail.Errors is null) continue;
            foreach (var (keyword, message) in detail.Errors) errors.AppendLine($"{detail.InstanceLocation} {keyword}: {message}");
        }

        return errors.ToString();
    }

    /// <summary>
    /// JsonSchema.Net reads every number as <see cref="decimal"/> and throws on valid JSON numbers beyond
    /// its range (a float64 tag of 1e300). Such numbers are replaced by 0 in a copy, which keeps their JSON
    /// type; the schema constrains tag numbers by type only.
    /// </summary>
    private static JsonNode WithinDecimalRange(JsonNode document)
    {
        var copy = document.DeepClone();
        Visit(copy);
        return copy;

        static void Visit(JsonNode? node)
        {
            switch (node)
            {
                case JsonObject obj:
                    foreach (var key in obj.Select(p => p.Key).ToList())
                    {
                        if (IsOutOfRange(obj[key])) obj[key] = 0;
                        else Visit(obj[key]);
                    }

                    break;
                case JsonArray array:
                    for (var i = 0; i < array.Count; i++)
                    {
                        if (IsOutOfRange(array[i])) array[i] = 0;
                        else Visit(array[i]);
                    }

                    break;
            }
        }

        static bool IsOutOfRange(JsonNode? node)
            => node is JsonValue value && value.GetValueKind() == System.Text.Json.JsonValueKind.Number && !value.GetValue<System.Text.Json.JsonElement>().TryGetDecimal(out _);
    }

    public static void AssertValid(JsonNode document)
    {
        var errors = Validate(document);
        Assert.True(errors is null, "The export does not match the Jaeger schema:\n" + errors);
    }
}
