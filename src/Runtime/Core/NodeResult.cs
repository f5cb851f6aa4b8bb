namespace NumAgents.Core;

/// <summary>
/// What one execution of a node produced: an ordinal string-keyed dictionary of values, written
/// with a collection initialiser (<c>new() { ["result"] = 42 }</c>).
/// </summary>
public sealed class NodeResult : Dictionary<string, object?>
{
    /// <summary>Creates an empty result.</summary>
    public NodeResult()
        : base(StringComparer.Ordinal)
    {
    }

    /// <summary>Creates a result holding a copy of <paramref name="values"/>.</summary>
    /// <param name="values">The keys and values to copy.</param>
    public NodeResult(IEnumerable<KeyValuePair<string, object?>> values)
        : base(values, StringComparer.Ordinal)
    {
    }

    /// <summary>The value of <paramref name="key"/> as a <typeparamref name="T"/>.</summary>
    /// <typeparam name="T">The expected type.</typeparam>
    /// <param name="key">The key.</param>
    /// <exception cref="KeyNotFoundException">The key is absent (the message names it).</exception>
    /// <exception cref="InvalidCastException">The value is not a <typeparamref name="T"/> (the message names key and types).</exception>
    public T GetValue<T>(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (!TryGetValue(key, out var value)) throw new KeyNotFoundException($"Node result has no key '{key}'.");
        if (value is T typed) return typed;
        if (value is null && default(T) is null) return default!;
        throw new InvalidCastException(value is null
            ? $"Node result key '{key}' holds null, which is not a {typeof(T).FullName}."
            : $"Node result key '{key}' holds a {value.GetType().FullName}, not a {typeof(T).FullName}.");
    }
}
