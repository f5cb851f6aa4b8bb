using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace NumAgents.Instrumentation.Logging;

/// <summary>
/// The logger a monitor uses when it was given no logger factory: one JSON object per line
/// on standard error (<c>timestamp</c>, <c>level</c>, <c>message</c>, then every state property, then
/// <c>exception</c>), written as one call so lines from concurrent threads never interleave.
/// </summary>
internal sealed class StandardErrorJsonLogger : ILogger
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private readonly TimeProvider _clock;
    private readonly LogLevel _minimumLevel;

    public StandardErrorJsonLogger(TimeProvider clock, LogLevel minimumLevel)
    {
        _clock = clock;
        _minimumLevel = minimumLevel;
    }

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None && logLevel >= _minimumLevel;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (!IsEnabled(logLevel)) return;
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("timestamp", _clock.GetUtcNow());
            writer.WriteString("level", logLevel.ToString());
            writer.WriteString("message", formatter(state, exception));
            if (state is IEnumerable<KeyValuePair<string, object?>> properties)
            {
                foreach (var (key, value) in properties)
                {
                    if (key == "{OriginalFormat}") continue;
                    writer.WritePropertyName(key);
                    SafeJsonWriter.WriteValue(writer, value, WriterOptions);
                }
            }

            if (exception is not null) writer.WriteString("exception", exception.ToString());
            writer.WriteEndObject();
        }

        Console.Error.WriteLine(Encoding.UTF8.GetString(buffer.WrittenSpan));
    }
}
