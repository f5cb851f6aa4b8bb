namespace NumAgents.Instrumentation.Tracing;

/// <summary>
/// Applies <see cref="TracingOptions.AttributeValueLengthLimit"/> to attribute values (strings and the
/// strings of string arrays), as OpenTelemetry's <c>AttributeValueLengthLimit</c> does, and counts every
/// value it shortens (<c>MonitorStatistics.TruncatedAttributeValues</c>). A cut never splits a
/// surrogate pair.
/// </summary>
internal sealed class AttributeLimits(int valueLengthLimit)
{
    private long _truncated;

    public int ValueLengthLimit { get; } = valueLengthLimit;

    public long Truncated => Interlocked.Read(ref _truncated);

    /// <summary>The value within the limit (the same object when it already was).</summary>
    public object? Apply(object? value)
    {
        switch (value)
        {
            case string text when text.Length > ValueLengthLimit:
                Interlocked.Increment(ref _truncated);
                return Cut(text);
            case string[] texts:
                string[]? copy = null;
                for (var i = 0; i < texts.Length; i++)
                {
                    if (texts[i] is not { } item || item.Length <= ValueLengthLimit) continue;
                    copy ??= (string[])texts.Clone();
                    copy[i] = Cut(item);
                }

                if (copy is null) return texts;
                Interlocked.Increment(ref _truncated);
                return copy;
            default:
                return value;
        }
    }

    /// <summary>Applies the limit to every value, in place.</summary>
    public KeyValuePair<string, object?>[] Apply(KeyValuePair<string, object?>[] attributes)
    {
        for (var i = 0; i < attributes.Length; i++)
        {
            var value = attributes[i].Value;
            var limited = Apply(value);
            if (!ReferenceEquals(limited, value)) attributes[i] = new(attributes[i].Key, limited);
        }

        return attributes;
    }

    private string Cut(string text)
    {
        var length = ValueLengthLimit;
        if (length > 0 && char.IsHighSurrogate(text[length - 1])) length--;
        return text[..length];
    }
}
