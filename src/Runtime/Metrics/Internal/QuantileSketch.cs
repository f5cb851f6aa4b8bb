namespace NumAgents.Instrumentation.Metrics;

/// <summary>
/// A mergeable logarithmic-bucket quantile sketch (the DDSketch scheme): every bucket spans values whose
/// ratio is at most γ = (1 + α) / (1 - α), so every reported quantile is within
/// <see cref="RelativeAccuracy"/> (α) of the sample of the same rank. Memory is bounded: buckets grow
/// only to cover the range seen (data spanning three decades needs about 350 counters, under 3.5 KiB),
/// and never past <see cref="MaxBucketsPerSign"/> counters per sign (16 KiB, about 17 decades); wider
/// data folds its lowest buckets together, keeping the high percentiles, which latency alerts read,
/// within the bound.
/// </summary>
/// <remarks>Not thread-safe: <see cref="HistogramHandle"/> guards it with the series lock.</remarks>
internal sealed class QuantileSketch
{
    /// <summary>Slightly under 1% so that floating-point rounding at bucket edges never crosses the contract's 1%.</summary>
    public const double RelativeAccuracy = 0.0099;

    /// <summary>2,048 counters of 8 bytes (16 KiB), covering about 17.4 decades.</summary>
    public const int MaxBucketsPerSign = 2048;

    private static readonly double Gamma = (1 + RelativeAccuracy) / (1 - RelativeAccuracy);

    // Buckets are cut on a cheap stand-in for log2: the binary exponent plus a cubic in the significand
    // (P(s) = A s³ + B s² + C s, exact at both ends of each octave, increasing in between). Its slope
    // against the true log2 never falls below C·ln 2 (at s = 0), so scaling by 1 / (C·ln γ) keeps every
    // bucket within a ratio of γ while costing a few multiplications instead of Math.Log.
    private const double CubicA = 6.0 / 35;
    private const double CubicB = -3.0 / 5;
    private const double CubicC = 10.0 / 7;
    private static readonly double IndexMultiplier = 1 / (CubicC * Math.Log(Gamma));

    private readonly DenseStore _positive = new();
    private DenseStore? _negative;
    private long _zeroCount;

    public long Count { get; private set; }

    /// <summary>Bytes held by the bucket arrays, for the memory-bound tests and benchmarks.</summary>
    public int BucketBytes => (_positive.Capacity + (_negative?.Capacity ?? 0)) * sizeof(long);

    public void Add(double value, long count = 1)
    {
        if (value > 0)
        {
            _positive.Add(IndexOf(value), count);
        }
        else if (value < 0)
        {
            (_negative ??= new DenseStore()).Add(IndexOf(-value), count);
        }
        else
        {
            _zeroCount += count;
        }

        Count += count;
    }

    public void Merge(QuantileSketch other)
    {
        ArgumentNullException.ThrowIfNull(other);
        other._positive.ForEach(static (sketch, index, count) => sketch._positive.Add(index, count), this);
        other._negative?.ForEach(static (sketch, index, count) => (sketch._negative ??= new DenseStore()).Add(index, count), this);
        _zeroCount += other._zeroCount;
        Count += other.Count;
    }

    /// <summary>The value at nearest rank <c>ceil(q * n)</c>, within the relative accuracy.</summary>
    /// <param name="quantile">From 0 to 1.</param>
    public double Quantile(double quantile)
    {
        if (Count == 0) return 0;
        var rank = Math.Clamp((long)Math.Ceiling(quantile * Count), 1, Count);
        long seen = 0;
        if (_negative is not null)
        {
            var found = _negative.FindDescending(rank, ref seen);
            if (found is int negativeIndex) return -ValueOf(negativeIndex);
        }

        seen += _zeroCount;
        if (seen >= rank) return 0;
        var index = _positive.FindAscending(rank, ref seen);
        return index is int positiveIndex ? ValueOf(positiveIndex) : ValueOf(_positive.MaxIndex);
    }

    /// <summary>The bucket of a positive finite magnitude: bucket <c>i</c> holds the values whose approximate log2 lies in <c>((i-1)/m, i/m]</c>.</summary>
    internal static int IndexOf(double magnitude) => (int)Math.Ceiling(ApproximateLog2(magnitude) * IndexMultiplier);

    /// <summary>The value that represents bucket <paramref name="index"/>: within α of every value the bucket holds.</summary>
    internal static double ValueOf(int index)
    {
        var lower = InverseApproximateLog2((index - 1) / IndexMultiplier);
        var upper = Math.Min(InverseApproximateLog2(index / IndexMultiplier), double.MaxValue); // the top bucket's edge lies past the double range
        // 2lu / (l + u), arranged so that neither a product nor a reciprocal overflows at the ends of the double range.
        return lower * (2 / (1 + (lower / upper)));
    }

    private static double ApproximateLog2(double magnitude)
    {
        var bits = BitConverter.DoubleToInt64Bits(magnitude);
        var exponent = (int)(bits >> 52);
        if (exponent == 0)
        {
            // Subnormal: scale into the normal range, where the exponent field is meaningful.
            bits = BitConverter.DoubleToInt64Bits(Math.ScaleB(magnitude, 52));
            exponent = (int)(bits >> 52) - 52;
        }

        var significand = BitConverter.Int64BitsToDouble((bits & 0x000F_FFFF_FFFF_FFFFL) | 0x3FF0_0000_0000_0000L) - 1;
        return Cubic(significand) + (exponent - 1023);
    }

    /// <summary>P(s): the part of the approximate log2 that the significand contributes.</summary>
    private static double Cubic(double significand) => ((((CubicA * significand) + CubicB) * significand) + CubicC) * significand;

    private static double InverseApproximateLog2(double log2)
    {
        var exponent = Math.Floor(log2);
        var target = log2 - exponent;

        // P is increasing on [0, 1] with P(0) = 0 and P(1) = 1; Newton from the true log's inverse converges in a few steps.
        var significand = Math.Pow(2, target) - 1;
        for (var i = 0; i < 6; i++)
        {
            var value = Cubic(significand) - target;
            var slope = (((3 * CubicA * significand) + (2 * CubicB)) * significand) + CubicC;
            significand = Math.Clamp(significand - (value / slope), 0, 1);
        }

        return Math.ScaleB(1 + significand, (int)exponent);
    }

    private sealed class DenseStore
    {
        private const int InitialLength = 64;

        private long[]? _counts;
        private int _offset;

        public int MinIndex { get; private set; }

        public int MaxIndex { get; private set; }

        public int Capacity => _counts?.Length ?? 0;

        public void Add(int index, long count)
        {
            if (_counts is null)
            {
                _counts = new long[InitialLength];
                _offset = index - (InitialLength / 2);
                MinIndex = MaxIndex = index;
            }
            else if (index < _offset || index >= _offset + _counts.Length)
            {
                index = Extend(index);
            }

            _counts[index - _offset] += count;
            if (index < MinIndex) MinIndex = index;
            if (index > MaxIndex) MaxIndex = index;
        }

        public void ForEach<TState>(Action<TState, int, long> action, TState state)
        {
            if (_counts is null) return;
            for (var index = MinIndex; index <= MaxIndex; index++)
            {
                var count = _counts[index - _offset];
                if (count != 0) action(state, index, count);
            }
        }

        public int? FindAscending(long rank, ref long seen)
        {
            if (_counts is null) return null;
            for (var index = MinIndex; index <= MaxIndex; index++)
            {
                seen += _counts[index - _offset];
                if (seen >= rank) return index;
            }

            return null;
        }

        public int? FindDescending(long rank, ref long seen)
        {
            if (_counts is null) return null;
            for (var index = MaxIndex; index >= MinIndex; index--)
            {
                seen += _counts[index - _offset];
                if (seen >= rank) return index;
            }

            return null;
        }

        /// <summary>Widens the window to cover <paramref name="index"/>; past the cap, the lowest buckets fold into one.</summary>
        /// <returns>The index the value lands in (raised when it falls below the retained window).</returns>
        private int Extend(int index)
        {
            var counts = _counts!;
            var low = Math.Min(MinIndex, index);
            var high = Math.Max(MaxIndex, index);
            if (high - low + 1 > MaxBucketsPerSign) low = high - MaxBucketsPerSign + 1;

            var needed = high - low + 1;
            // Grow by a quarter, not by doubling, so three decades stay well under 4 KiB.
            var length = Math.Min(MaxBucketsPerSign, needed + Math.Max(needed / 4, 16));
            var offset = low - ((length - needed) / 2);
            var next = new long[length];
            for (var i = MinIndex; i <= MaxIndex; i++)
            {
                next[Math.Max(i, low) - offset] += counts[i - _offset];
            }

            _counts = next;
            _offset = offset;
            MinIndex = Math.Max(MinIndex, low);
            MaxIndex = Math.Max(MaxIndex, MinIndex);
            return Math.Max(index, low);
        }
    }
}
