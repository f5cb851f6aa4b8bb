using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace NumAgents.Instrumentation.AI;

/// <summary>
/// Records prompts and responses on a span as <c>gen_ai.input.messages</c> and
/// <c>gen_ai.output.messages</c> (the conventions' JSON: a role and typed parts), only when the monitor's
/// <c>CaptureMessageContent</c> is on. Each text is redacted by the monitor's hook first; then the texts
/// are cut, in order, so that each attribute fits the smaller of <c>MaxCapturedContentLength</c> and the
/// tracer's attribute value limit and is still valid JSON. Never a metric label.
/// </summary>
internal static class ContentCapture
{
    // Telemetry UIs show the text as it was written: no \uXXXX for accents, emoji or quotes (the value is
    // an attribute, never HTML).
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static void Record(Span span, MonitorOptions options, IReadOnlyList<ChatMessage> input, IList<ChatMessage> output)
    {
        var limit = Math.Min(options.MaxCapturedContentLength, options.AttributeValueLengthLimit);
        span.SetAttribute(GenAIConventions.InputMessages, Serialize(input, options.RedactContent, limit));
        span.SetAttribute(GenAIConventions.OutputMessages, Serialize([.. output], options.RedactContent, limit));
    }

    /// <summary>The messages as JSON of at most <paramref name="limit"/> characters.</summary>
    internal static string Serialize(IReadOnlyList<ChatMessage> messages, Func<string, string>? redact, int limit)
    {
        var texts = new List<string>();
        foreach (var message in messages)
        {
            foreach (var content in message.Contents)
            {
                var text = content switch
                {
                    TextContent part => part.Text,
                    FunctionResultContent result => result.Result?.ToString() ?? string.Empty,
                    _ => null,
                };
                if (text is not null) texts.Add(redact is null ? text : redact(text));
            }
        }

        // The texts share one budget of characters. Escaping makes the JSON longer than its texts by an
        // amount that depends on them, so the largest budget that fits is searched for.
        var whole = Write(messages, texts, limit);
        if (whole.Length <= limit) return whole;
        var fitting = Write(messages, texts, 0);
        if (fitting.Length > limit) return "[]";
        int low = 0, high = limit;
        while (high - low > 1)
        {
            var middle = low + ((high - low) / 2);
            var json = Write(messages, texts, middle);
            if (json.Length <= limit)
            {
                (low, fitting) = (middle, json);
            }
            else
            {
                high = middle;
            }
        }

        return fitting;
    }

    private static string Write(IReadOnlyList<ChatMessage> messages, List<string> texts, int budget)
    {
        var next = 0;
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartArray();
            foreach (var message in messages)
            {
                writer.WriteStartObject();
                writer.WriteString("role", message.Role.Value);
                writer.WriteStartArray("parts");
                foreach (var content in message.Contents)
                {
                    writer.WriteStartObject();
                    switch (content)
                    {
                        case TextContent:
                            writer.WriteString("type", "text");
                            writer.WriteString("content", Take(texts[next++], ref budget));
                            break;
                        case FunctionCallContent call:
                            writer.WriteString("type", "tool_call");
                            writer.WriteString("id", call.CallId);
                            writer.WriteString("name", call.Name);
                            break;
                        case FunctionResultContent result:
                            writer.WriteString("type", "tool_call_response");
                            writer.WriteString("id", result.CallId);
                            writer.WriteString("response", Take(texts[next++], ref budget));
                            break;
                        default:
                            writer.WriteString("type", content.GetType().Name);
                            break;
                    }

                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static string Take(string text, ref int budget)
    {
        var length = Math.Min(text.Length, budget);
        if (length > 0 && length < text.Length && char.IsHighSurrogate(text[length - 1])) length--;
        budget -= length;
        return length == text.Length ? text : text[..length];
    }
}
