using System.Text.Json;
using Microsoft.Extensions.AI;

namespace NumAgents.Instrumentation.AI;

/// <summary>
/// Records prompts and responses on a span as <c>gen_ai.input.messages</c> and
/// <c>gen_ai.output.messages</c> (the conventions' JSON: role, and parts of type <c>text</c>), only when the
/// monitor's <c>CaptureMessageContent</c> is on: each value redacted by the monitor's hook, then cut to its
/// size limit. Never a metric label.
/// </summary>
internal static class ContentCapture
{
    public static void Record(Span span, MonitorOptions options, IReadOnlyList<ChatMessage> input, IList<ChatMessage> output)
    {
        span.SetAttribute(GenAIConventions.InputMessages, Serialize(input, options));
        span.SetAttribute(GenAIConventions.OutputMessages, Serialize([.. output], options));
    }

    private static string Serialize(IReadOnlyList<ChatMessage> messages, MonitorOptions options)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
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
                        case TextContent text:
                            writer.WriteString("type", "text");
                            writer.WriteString("content", Limit(text.Text, options));
                            break;
                        case FunctionCallContent call:
                            writer.WriteString("type", "tool_call");
                            writer.WriteString("id", call.CallId);
                            writer.WriteString("name", call.Name);
                            break;
                        case FunctionResultContent result:
                            writer.WriteString("type", "tool_call_response");
                            writer.WriteString("id", result.CallId);
                            writer.WriteString("response", Limit(result.Result?.ToString() ?? string.Empty, options));
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

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static string Limit(string text, MonitorOptions options)
    {
        var redacted = options.RedactContent is { } redact ? redact(text) : text;
        if (redacted.Length <= options.MaxCapturedContentLength) return redacted;
        var length = options.MaxCapturedContentLength;
        if (char.IsHighSurrogate(redacted[length - 1])) length--;
        return redacted[..length];
    }
}
