using System.Collections.Immutable;

namespace NumAgents.Instrumentation.Analyzers.Internal;

/// <summary>
/// What the analyzer knows about the values an expression can produce: a finite set it can count, an
/// unbounded source it can name, or nothing (a parameter, a field, a call it cannot see into).
/// </summary>
internal readonly struct ValueShape
{
    /// <summary>Past this many distinct values a set is kept as a count only.</summary>
    public const int MaxTrackedValues = 4096;

    private ValueShape(ValueShapeKind kind, ImmutableHashSet<string>? values, long count, string? source)
    {
        Kind = kind;
        Values = values;
        Count = count;
        Source = source;
    }

    public static ValueShape Unknown => default;

    public ValueShapeKind Kind { get; }

    /// <summary>The possible values when bounded and small enough to list; <see langword="null"/> otherwise.</summary>
    public ImmutableHashSet<string>? Values { get; }

    /// <summary>The number of possible values when bounded (exact when <see cref="Values"/> is set, an upper bound otherwise).</summary>
    public long Count { get; }

    /// <summary>For an unbounded value, what it comes from ("a Guid", "a number converted to text"...).</summary>
    public string? Source { get; }

    public bool IsBounded => Kind == ValueShapeKind.Bounded;

    public bool IsUnbounded => Kind == ValueShapeKind.Unbounded;

    public static ValueShape Unbounded(string source) => new(ValueShapeKind.Unbounded, null, 0, source);

    public static ValueShape Constant(string value) => new(ValueShapeKind.Bounded, ImmutableHashSet.Create(StringComparer.Ordinal, value), 1, null);

    public static ValueShape OneOf(IEnumerable<string> values)
    {
        var set = ImmutableHashSet.CreateRange(StringComparer.Ordinal, values);
        return new ValueShape(ValueShapeKind.Bounded, set, set.Count, null);
    }

    public static ValueShape CountOnly(long count) => new(ValueShapeKind.Bounded, null, count, null);

    /// <summary>Either of two values (a conditional, a switch arm): unbounded wins, then unknown.</summary>
    public static ValueShape Union(ValueShape left, ValueShape right)
    {
        if (left.IsUnbounded) return left;
        if (right.IsUnbounded) return right;
        if (!left.IsBounded || !right.IsBounded) return Unknown;
        if (left.Values is not null && right.Values is not null)
        {
            var union = left.Values.Union(right.Values);
            return union.Count <= MaxTrackedValues ? new ValueShape(ValueShapeKind.Bounded, union, union.Count, null) : CountOnly(union.Count);
        }

        return CountOnly(Saturating.Add(left.Count, right.Count));
    }

    /// <summary>Two values written one after the other (concatenation, interpolation).</summary>
    public static ValueShape Concatenate(ValueShape left, ValueShape right)
    {
        if (!left.IsBounded || !right.IsBounded) return Unknown;
        var count = Saturating.Multiply(left.Count, right.Count);
        if (left.Values is null || right.Values is null || count > MaxTrackedValues) return CountOnly(count);

        var builder = ImmutableHashSet.CreateBuilder<string>(StringComparer.Ordinal);
        foreach (var first in left.Values)
        {
            foreach (var second in right.Values)
            {
                builder.Add(first + second);
            }
        }

        return new ValueShape(ValueShapeKind.Bounded, builder.ToImmutable(), builder.Count, null);
    }
}
