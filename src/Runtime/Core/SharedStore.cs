using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;

namespace NumAgents.Core;

/// <summary>
/// The data the nodes of a flow share: a thread-safe map from ordinal string keys to values.
/// </summary>
/// <remarks>
/// <para>
/// Reads are typed: <see cref="Get{T}(string, T)"/>, <see cref="GetRequired{T}(string)"/> and
/// <see cref="TryGet{T}(string, out T)"/> check the stored value's type and throw an
/// <see cref="InvalidCastException"/> naming the key, the expected and the actual type when they
/// differ, rather than handing back a default that hides the bug. No numeric conversion is done: a
/// stored <see cref="int"/> is not a <see cref="double"/>.
/// </para>
/// <para>
/// Every member is safe to call from concurrent nodes; <see cref="GetOrAdd{T}(string, Func{string, T})"/>
/// is the atomic way to initialise a shared value.
/// </para>
/// </remarks>
public sealed class SharedStore
{
    private readonly ConcurrentDictionary<string, object?> _values = new(StringComparer.Ordinal);

    /// <summary>Creates an empty store.</summary>
    public SharedStore()
    {
    }

    /// <summary>Creates a store holding <paramref name="initialData"/>.</summary>
    /// <param name="initialData">Initial keys and values; a later duplicate key overwrites an earlier one.</param>
    /// <exception cref="ArgumentException">A key is null or empty.</exception>
    public SharedStore(IEnumerable<KeyValuePair<string, object?>>? initialData)
    {
        if (initialData is null) return;
        foreach (var (key, value) in initialData)
        {
            Set(key, value);
        }
    }

    /// <summary>The number of keys.</summary>
    public int Count => _values.Count;

    /// <summary>A snapshot of the keys, in no particular order.</summary>
    public IReadOnlyCollection<string> Keys => [.. _values.Keys];

    /// <summary>Gets or sets the value of <paramref name="key"/> without a type check.</summary>
    /// <param name="key">The key.</param>
    /// <exception cref="KeyNotFoundException">On get, the key is absent (the message names it).</exception>
    public object? this[string key]
    {
        get => _values.TryGetValue(ValidKey(key), out var value) ? value : throw Missing(key);
        set => Set(key, value);
    }

    /// <summary>Stores <paramref name="value"/> under <paramref name="key"/>, replacing any previous value.</summary>
    /// <param name="key">A non-empty key.</param>
    /// <param name="value">The value; <see langword="null"/> is a value like any other.</param>
    /// <exception cref="ArgumentException"><paramref name="key"/> is null or empty.</exception>
    public void Set(string key, object? value) => _values[ValidKey(key)] = value;

    /// <summary>
    /// The value of <paramref name="key"/> as a <typeparamref name="T"/>, or <paramref name="defaultValue"/>
    /// when the key is absent.
    /// </summary>
    /// <typeparam name="T">The expected type.</typeparam>
    /// <param name="key">The key.</param>
    /// <param name="defaultValue">What to return when the key is absent.</param>
    /// <exception cref="InvalidCastException">The key holds a value that is not a <typeparamref name="T"/>.</exception>
    public T? Get<T>(string key, T? defaultValue = default)
        => _values.TryGetValue(ValidKey(key), out var value) ? Cast<T>(key, value) : defaultValue;

    /// <summary>The value of <paramref name="key"/> as a <typeparamref name="T"/>; the key must be present.</summary>
    /// <typeparam name="T">The expected type.</typeparam>
    /// <param name="key">The key.</param>
    /// <exception cref="KeyNotFoundException">The key is absent (the message names it).</exception>
    /// <exception cref="InvalidCastException">The key holds a value that is not a <typeparamref name="T"/>.</exception>
    public T GetRequired<T>(string key)
        => _values.TryGetValue(ValidKey(key), out var value) ? Cast<T>(key, value) : throw Missing(key);

    /// <summary>Gets the value of <paramref name="key"/> when it is present.</summary>
    /// <typeparam name="T">The expected type.</typeparam>
    /// <param name="key">The key.</param>
    /// <param name="value">The value, when present.</param>
    /// <returns><see langword="true"/> when the key is present; <see langword="false"/> when it is absent.</returns>
    /// <exception cref="InvalidCastException">
    /// The key holds a value that is not a <typeparamref name="T"/>: a wrong type is a bug, not an absence.
    /// </exception>
    public bool TryGet<T>(string key, [MaybeNullWhen(false)] out T value)
    {
        if (_values.TryGetValue(ValidKey(key), out var stored))
        {
            value = Cast<T>(key, stored);
            return true;
        }

        value = default;
        return false;
    }

    /// <summary>
    /// Returns the value of <paramref name="key"/>, first storing <paramref name="valueFactory"/>'s
    /// value when the key is absent. Concurrent callers all get the one stored value.
    /// </summary>
    /// <typeparam name="T">The expected type.</typeparam>
    /// <param name="key">The key.</param>
    /// <param name="valueFactory">Creates the value; it may run more than once under contention, only one result is kept.</param>
    /// <exception cref="InvalidCastException">The key holds a value that is not a <typeparamref name="T"/>.</exception>
    public T GetOrAdd<T>(string key, Func<string, T> valueFactory)
    {
        ArgumentNullException.ThrowIfNull(valueFactory);
        var value = _values.GetOrAdd(ValidKey(key), static (k, factory) => factory(k), valueFactory);
        return Cast<T>(key, value);
    }

    /// <summary>Whether <paramref name="key"/> is present.</summary>
    /// <param name="key">The key.</param>
    public bool Has(string key) => _values.ContainsKey(ValidKey(key));

    /// <summary>Removes <paramref name="key"/>.</summary>
    /// <param name="key">The key.</param>
    /// <returns><see langword="true"/> when the key was present.</returns>
    public bool Delete(string key) => _values.TryRemove(ValidKey(key), out _);

    /// <summary>Removes every key.</summary>
    public void Clear() => _values.Clear();

    /// <summary>A snapshot of every key and value.</summary>
    public IReadOnlyDictionary<string, object?> ToDictionary() => new Dictionary<string, object?>(_values, StringComparer.Ordinal);

    private static T Cast<T>(string key, object? value)
    {
        if (value is T typed) return typed;
        if (value is null && default(T) is null) return default!;
        throw new InvalidCastException(value is null
            ? $"Shared store key '{key}' holds null, which is not a {TypeName(typeof(T))}."
            : $"Shared store key '{key}' holds a {TypeName(value.GetType())}, not a {TypeName(typeof(T))}.");
    }

    private static string TypeName(Type type) => type.FullName ?? type.Name;

    private static string ValidKey(string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        return key;
    }

    private static KeyNotFoundException Missing(string key) => new($"Shared store has no key '{key}'.");
}
