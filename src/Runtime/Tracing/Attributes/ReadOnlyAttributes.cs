using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace NumAgents.Instrumentation.Tracing;

/// <summary>
/// A read-only dictionary over an immutable array of attributes, in the order they were set.
/// Attribute sets are small, so a linear search beats hashing and costs no extra memory.
/// </summary>
internal sealed class ReadOnlyAttributes : IReadOnlyDictionary<string, object?>
{
    public static readonly ReadOnlyAttributes Empty = new([], 0);

    private readonly KeyValuePair<string, object?>[] _items;
    private readonly int _count;

    public ReadOnlyAttributes(KeyValuePair<string, object?>[] items, int count)
    {
        _items = items;
        _count = count;
    }

    public static ReadOnlyAttributes From(KeyValuePair<string, object?>[] items) => items.Length == 0 ? Empty : new ReadOnlyAttributes(items, items.Length);

    public int Count => _count;

    public IEnumerable<string> Keys
    {
        get
        {
            for (var i = 0; i < _count; i++) yield return _items[i].Key;
        }
    }

    public IEnumerable<object?> Values
    {
        get
        {
            for (var i = 0; i < _count; i++) yield return _items[i].Value;
        }
    }

    public object? this[string key] => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException($"The attribute '{key}' is not set.");

    internal ReadOnlySpan<KeyValuePair<string, object?>> AsSpan() => _items.AsSpan(0, _count);

    public bool ContainsKey(string key) => IndexOf(key) >= 0;

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out object? value)
    {
        var index = IndexOf(key);
        value = index >= 0 ? _items[index].Value : null;
        return index >= 0;
    }

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
    {
        for (var i = 0; i < _count; i++) yield return _items[i];
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private int IndexOf(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        for (var i = 0; i < _count; i++)
        {
            if (string.Equals(_items[i].Key, key, StringComparison.Ordinal)) return i;
        }

        return -1;
    }
}
