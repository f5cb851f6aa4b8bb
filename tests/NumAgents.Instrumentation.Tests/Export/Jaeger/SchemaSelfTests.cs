using System.Text.Json.Nodes;
using Json.Schema;

namespace NumAgents.Instrumentation.Tests.Export.Jaeger;

/// <summary>The schema must be able to fail: documents that break Jaeger's model are rejected.</summary>
public sealed class SchemaSelfTests
{
    private static readonly JsonSchema Schema = JsonSchema.FromFile(Path.Combine(AppContext.BaseDirectory, "Export", "Jaeger", "jaeger-ui-trace.schema.json"));

    private const string ValidSpan = """
        {"traceID":"4bf92f3577b34da6a3ce929d0e0e4736","spanID":"00f067aa0ba902b7","operationName":"op","references":[],
         "startTime":1,"duration":2,"tags":[{"key":"k","type":"int64","value":3}],"logs":[],"processID":"p1"}
        """;

    [Fact]
    public void A_minimal_valid_document_passes()
    {
        Assert.True(Evaluate(Document(ValidSpan)));
    }

    [Theory]
    [InlineData("\"spanID\":\"00f067aa0ba902b7\"", "\"spanID\":\"00F067AA0BA902B7\"")]
    [InlineData("\"spanID\":\"00f067aa0ba902b7\"", "\"spanID\":\"0000000000000000\"")]
    [InlineData("\"startTime\":1", "\"startTime\":1.5")]
    [InlineData("\"type\":\"int64\",\"value\":3", "\"type\":\"int64\",\"value\":\"3\"")]
    [InlineData("\"type\":\"int64\",\"value\":3", "\"type\":\"long\",\"value\":3")]
    [InlineData("\"references\":[]", "\"references\":[{\"refType\":\"PARENT\",\"traceID\":\"4bf92f3577b34da6a3ce929d0e0e4736\",\"spanID\":\"00f067aa0ba902b7\"}]")]
    [InlineData(",\"processID\":\"p1\"", "")]
    public void Documents_that_break_the_model_fail(string from, string to)
    {
        Assert.Contains(from, ValidSpan, StringComparison.Ordinal);
        Assert.False(Evaluate(Document(ValidSpan.Replace(from, to, StringComparison.Ordinal))));
    }

    private static JsonNode Document(string span) => JsonNode.Parse(
        "{\"data\":[{\"traceID\":\"4bf92f3577b34da6a3ce929d0e0e4736\",\"spans\":[" + span + "],\"processes\":{\"p1\":{\"serviceName\":\"svc\",\"tags\":[]}}}]}")!;

    private static bool Evaluate(JsonNode document) => Schema.Evaluate(document).IsValid;
}
