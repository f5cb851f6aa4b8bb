using System.Collections;
using System.Runtime.CompilerServices;

namespace NumAgents.Instrumentation;

/// <summary>
/// A set of label key/value pairs that identifies one series of a metric. Order never matters:
/// <c>[("a", "1"), ("b", "2")]</c> and <c>[("b", "2"), ("a", "1")]</c> name the same series.
/// </summary>
/// <remarks>
/// <para>
/// Write labels as a collection expression of tuples (<c>labels: [("method", "GET")]</c>), convert a
/// <see cref="Dictionary{TKey, TValue}"/> implicitly, or call <see cref="From(IReadOnlyDictionary{string, string})"/>.
/// <c>default</c> means no labels.
/// </para>
/// <para>
/// Up to four pairs are stored inline, so a label set written at a call site allocates nothing.
/// Keys and values are validated by the metrics call that uses them, so the error can name the metric.
/// </para>
/// </remarks>
[CollectionBuilder(typeof(Labels), nameof(Create))]
public readonly struct Labels : IEnumerable<(string Key, string Value)>, IEquatable<Labels>
{
    // Plain string fields rather than tuples: the JIT copies and compares them as references, without
    // staging whole tuples through the stack on every recording by name.
    private readonly string? _key0;
    private readonly string? _value0;
    private readonly string? _key1;
    private readonly string? _value1;
    private readonly string? _key2;
    private readonly string? _value2;
    private readonly string? _key3;
    private readonly string? _value3;
    private readonly (string Key, string Value)[]? _overflow;
    private readonly int _count;

    private Labels((string Key, string Value) pair0, (string Key, string Value) pair1, (string Key, string Value) pair2, (string Key, string Value) pair3, int count)
    {
        (_key0, _value0) = pair0;
        (_key1, _value1) = pair1;
        (_key2, _value2) = pair2;
        (_key3, _value3) = pair3;
        _count = count;
    }

    private Labels((string Key, string Value)[] sortedPairs)
    {
        _overflow = sortedPairs;
        _count = sortedPairs.Length;
    }

    /// <summary>An empty label set (the same as <c>default</c>).</summary>
    public static Labels Empty => default;

    /// <summary>The number of pairs.</summary>
    public int Count => _count;

    /// <summary>Gets the pair at <paramref name="index"/> in ordinal key order.</summary>
    /// <param name="index">A position from 0 to <see cref="Count"/> - 1.</param>
    public (string Key, string Value) this[int index]
    {
        get
        {
            if ((uint)index >= (uint)_count)
            {
                throw new ArgumentOutOfRangeException(nameof(index), index, $"A label set of {_count} pairs has no pair at position {index}.");
            }

            if (_overflow is not null) return _overflow[index];
            return index switch
            {
                0 => (_key0!, _value0!),
                1 => (_key1!, _value1!),
                2 => (_key2!, _value2!),
                _ => (_key3!, _value3!),
            };
        }
    }

    /// <summary>Builds a label set from pairs in any order; used by collection expressions.</summary>
    /// <param name="pairs">The pairs. Duplicate or null keys are reported when the set is used with a metric.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static Labels Create(scoped ReadOnlySpan<(string Key, string Value)> pairs)
    {
        // Up to four pairs are sorted in registers with a small sorting network: this runs on every
        // recording by name, so no intermediate buffer and no copy loop. (Compiled fully optimized up
        // front: with tiered PGO this method settled on a layout that took half as long again.)
        switch (pairs.Length)
        {
            case 0:
                return default;
            case 1:
                return new Labels(pairs[0], default, default, default, 1);
            case 2:
            {
                var (a, b) = (pairs[0], pairs[1]);
                SortPair(ref a, ref b);
                return new Labels(a, b, default, default, 2);
            }

            case 3:
            {
                var (a, b, c) = (pairs[0], pairs[1], pairs[2]);
                SortPair(ref a, ref b);
                SortPair(ref b, ref c);
                SortPair(ref a, ref b);
                return new Labels(a, b, c, default, 3);
            }

            case 4:
            {
                var (a, b, c, d) = (pairs[0], pairs[1], pairs[2], pairs[3]);
                SortPair(ref a, ref b);
                SortPair(ref c, ref d);
                SortPair(ref a, ref c);
                SortPair(ref b, ref d);
                SortPair(ref b, ref c);
                return new Labels(a, b, c, d, 4);
            }

            default:
                return SortMany(pairs);
        }
    }

    private static Labels SortMany(scoped ReadOnlySpan<(string Key, string Value)> pairs)
    {
        var copy = pairs.ToArray();
        Array.Sort(copy, static (x, y) => string.CompareOrdinal(x.Key, y.Key));
        return new Labels(copy);
    }

    /// <summary>Builds a label set from a read-only dictionary (C# allows no implicit conversion from an interface).</summary>
    /// <param name="labels">The pairs; <see langword="null"/> gives an empty set.</param>
    public static Labels From(IReadOnlyDictionary<string, string>? labels)
    {
        if (labels is null || labels.Count == 0) return default;
        var pairs = new (string Key, string Value)[labels.Count];
        var i = 0;
        foreach (var pair in labels)
        {
            pairs[i++] = (pair.Key, pair.Value);
        }

        return Create(pairs);
    }

    /// <summary>Builds a label set from a dictionary.</summary>
    /// <param name="labels">The pairs; <see langword="null"/> gives an empty set.</param>
    public static implicit operator Labels(Dictionary<string, string>? labels) => From(labels);

    /// <summary>Builds a label set from a dictionary.</summary>
    /// <param name="labels">The pairs; <see langword="null"/> gives an empty set.</param>
    public static Labels FromDictionary(Dictionary<string, string>? labels) => From(labels);

    /// <summary>Returns a new label set with one more pair.</summary>
    /// <param name="key">The label key.</param>
    /// <param name="value">The label value.</param>
    public Labels With(string key, string value)
    {
        var pairs = new (string Key, string Value)[_count + 1];
        for (var i = 0; i < _count; i++)
        {
            pairs[i] = this[i];
        }

        pairs[_count] = (key, value);
        return Create(pairs);
    }

    /// <summary>A cheap content hint (value lengths and first characters) to pick a lookup cache slot.</summary>
    internal int SlotHint()
    {
        if (_overflow is null)
        {
            // Unrolled over the inline pairs (unused ones are default): this runs on every recording by name.
            return (((((_count * 31) + Hint(_value0)) * 31) + Hint(_value1)) * 31) + Hint(_value2) + (Hint(_value3) * 17);
        }

        var hint = _count;
        foreach (var (_, value) in _overflow)
        {
            hint = (hint * 31) + Hint(value);
        }

        return hint;

        static int Hint(string? value) => value is { Length: > 0 } ? value.Length + value[0] : 0;
    }

    internal bool HasSameReferences(in Labels other)
    {
        if (_count != other._count) return false;
        if (_overflow is not null || other._overflow is not null)
        {
            for (var i = 0; i < _count; i++)
            {
                if (!ReferenceEquals(this[i].Key, other[i].Key) || !ReferenceEquals(this[i].Value, other[i].Value)) return false;
            }

            return true;
        }

        return ReferenceEquals(_key0, other._key0) && ReferenceEquals(_value0, other._value0)
            && ReferenceEquals(_key1, other._key1) && ReferenceEquals(_value1, other._value1)
            && ReferenceEquals(_key2, other._key2) && ReferenceEquals(_value2, other._value2)
            && ReferenceEquals(_key3, other._key3) && ReferenceEquals(_value3, other._value3);
    }

    /// <summary>Returns an enumerator over the pairs in ordinal key order.</summary>
    public Enumerator GetEnumerator() => new(this);

    IEnumerator<(string Key, string Value)> IEnumerable<(string Key, string Value)>.GetEnumerator()
    {
        for (var i = 0; i < _count; i++)
        {
            yield return this[i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => ((IEnumerable<(string Key, string Value)>)this).GetEnumerator();

    /// <inheritdoc/>
    public bool Equals(Labels other)
    {
        if (_count != other._count) return false;
        for (var i = 0; i < _count; i++)
        {
            var (key, value) = this[i];
            var (otherKey, otherValue) = other[i];
            if (!string.Equals(key, otherKey, StringComparison.Ordinal) || !string.Equals(value, otherValue, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is Labels other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        for (var i = 0; i < _count; i++)
        {
            var (key, value) = this[i];
            hash.Add(key, StringComparer.Ordinal);
            hash.Add(value, StringComparer.Ordinal);
        }

        return hash.ToHashCode();
    }

    /// <summary>Compares two label sets by content.</summary>
    public static bool operator ==(Labels left, Labels right) => left.Equals(right);

    /// <summary>Compares two label sets by content.</summary>
    public static bool operator !=(Labels left, Labels right) => !left.Equals(right);

    /// <inheritdoc/>
    public override string ToString()
    {
        if (_count == 0) return "{}";
        var parts = new string[_count];
        for (var i = 0; i < _count; i++)
        {
            parts[i] = $"{this[i].Key}={this[i].Value}";
        }

        return "{" + string.Join(", ", parts) + "}";
    }

    private static void SortPair(ref (string Key, string Value) first, ref (string Key, string Value) second)
    {
        if (KeyFollows(first.Key, second.Key))
        {
            (first, second) = (second, first);
        }
    }

    /// <summary>Ordinal order; label keys usually differ in their first character, which decides without a call.</summary>
    private static bool KeyFollows(string? key, string? other)
        => key is { Length: > 0 } && other is { Length: > 0 } && key[0] != other[0]
            ? key[0] > other[0]
            : string.CompareOrdinal(key, other) > 0;

    /// <summary>Enumerates the pairs of a <see cref="Labels"/> without allocating.</summary>
    public struct Enumerator
    {
        private readonly Labels _labels;
        private int _index;

        internal Enumerator(Labels labels)
        {
            _labels = labels;
            _index = -1;
        }

        /// <summary>The current pair.</summary>
        public readonly (string Key, string Value) Current => _labels[_index];

        /// <summary>Advances to the next pair.</summary>
        public bool MoveNext() => ++_index < _labels._count;
    }
}
