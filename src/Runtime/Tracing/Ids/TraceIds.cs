using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;

namespace NumAgents.Instrumentation.Tracing;

/// <summary>
/// W3C trace ids (16 bytes) and span ids (8 bytes), kept as integers so starting a span allocates no
/// string: hex text is produced only when someone reads it.
/// </summary>
/// <remarks>
/// Ids come from a per-thread xoshiro256** generator seeded from the operating system's CSPRNG: the
/// W3C recommends random trace ids, and a thread-local generator costs a few nanoseconds with no lock.
/// An all-zero id is invalid in W3C Trace Context, so it is never produced.
/// </remarks>
internal static class TraceIds
{
    public const int TraceIdLength = 32;
    public const int SpanIdLength = 16;

    [ThreadStatic]
    private static Xoshiro256? t_random;

    public static ulong NewSpanId()
    {
        var random = t_random ?? CreateRandom();
        ulong id;
        do
        {
            id = random.Next();
        }
        while (id == 0);
        return id;
    }

    public static void NewTraceId(out ulong high, out ulong low)
    {
        var random = t_random ?? CreateRandom();
        do
        {
            high = random.Next();
            low = random.Next();
        }
        while ((high | low) == 0);
    }

    public static string FormatTraceId(ulong high, ulong low) => string.Create(TraceIdLength, (high, low), static (destination, id) =>
    {
        WriteHex(destination, id.high);
        WriteHex(destination[16..], id.low);
    });

    public static string FormatSpanId(ulong id) => string.Create(SpanIdLength, id, static (destination, value) => WriteHex(destination, value));

    /// <summary>Writes 16 lowercase hex digits.</summary>
    public static void WriteHex(Span<char> destination, ulong value)
    {
        for (var i = 15; i >= 0; i--)
        {
            destination[i] = HexDigit((int)(value & 0xF));
            value >>= 4;
        }
    }

    /// <summary>Writes 16 lowercase hex digits as UTF-8.</summary>
    public static void WriteHex(Span<byte> destination, ulong value)
    {
        for (var i = 15; i >= 0; i--)
        {
            destination[i] = (byte)HexDigit((int)(value & 0xF));
            value >>= 4;
        }
    }

    /// <summary>Parses 32 hex digits. <paramref name="strict"/> accepts lowercase only (W3C headers).</summary>
    public static bool TryParseTraceId(ReadOnlySpan<char> text, bool strict, out ulong high, out ulong low)
    {
        low = 0;
        if (text.Length != TraceIdLength || !TryParseHex(text[..16], strict, out high) || !TryParseHex(text[16..], strict, out low))
        {
            high = 0;
            low = 0;
            return false;
        }

        return true;
    }

    /// <summary>Parses 16 hex digits. <paramref name="strict"/> accepts lowercase only (W3C headers).</summary>
    public static bool TryParseSpanId(ReadOnlySpan<char> text, bool strict, out ulong id)
    {
        if (text.Length == SpanIdLength) return TryParseHex(text, strict, out id);
        id = 0;
        return false;
    }

    /// <summary>Parses a trace id given to the public API, or throws an exception that names it.</summary>
    public static void ParseTraceIdArgument(string traceId, string parameterName, out ulong high, out ulong low)
    {
        ArgumentNullException.ThrowIfNull(traceId, parameterName);
        if (!TryParseTraceId(traceId, strict: false, out high, out low) || (high | low) == 0)
        {
            throw new ArgumentException($"Trace id '{traceId}' is not valid: a W3C trace id is 32 hex digits, not all zero.", parameterName);
        }
    }

    /// <summary>Parses a span id given to the public API, or throws an exception that names it.</summary>
    public static ulong ParseSpanIdArgument(string spanId, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(spanId, parameterName);
        if (!TryParseSpanId(spanId, strict: false, out var id) || id == 0)
        {
            throw new ArgumentException($"Span id '{spanId}' is not valid: a W3C span id is 16 hex digits, not all zero.", parameterName);
        }

        return id;
    }

    /// <summary>
    /// The ratio sampler's view of a trace id: its first 8 bytes read as a big-endian signed number,
    /// made non-negative, as OpenTelemetry's TraceIdRatioBased sampler reads them, so services sampling
    /// at the same ratio make the same decision for the same trace.
    /// </summary>
    public static long SamplingValue(ulong high)
    {
        var value = unchecked((long)high);
        return value == long.MinValue ? long.MaxValue : Math.Abs(value);
    }

    private static bool TryParseHex(ReadOnlySpan<char> text, bool strict, out ulong value)
    {
        value = 0;
        foreach (var c in text)
        {
            int digit;
            if (c is >= '0' and <= '9') digit = c - '0';
            else if (c is >= 'a' and <= 'f') digit = c - 'a' + 10;
            else if (!strict && c is >= 'A' and <= 'F') digit = c - 'A' + 10;
            else
            {
                value = 0;
                return false;
            }

            value = (value << 4) | (uint)digit;
        }

        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static char HexDigit(int nibble) => (char)(nibble < 10 ? '0' + nibble : 'a' + nibble - 10);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Xoshiro256 CreateRandom() => t_random = new Xoshiro256();

    /// <summary>xoshiro256** (Blackman and Vigna): one instance per thread, or one seeded instance per tracer.</summary>
    internal sealed class Xoshiro256
    {
        private ulong _s0;
        private ulong _s1;
        private ulong _s2;
        private ulong _s3;

        public Xoshiro256()
        {
            Span<byte> seed = stackalloc byte[32];
            do
            {
                RandomNumberGenerator.Fill(seed);
                _s0 = BinaryPrimitives.ReadUInt64LittleEndian(seed);
                _s1 = BinaryPrimitives.ReadUInt64LittleEndian(seed[8..]);
                _s2 = BinaryPrimitives.ReadUInt64LittleEndian(seed[16..]);
                _s3 = BinaryPrimitives.ReadUInt64LittleEndian(seed[24..]);
            }
            while ((_s0 | _s1 | _s2 | _s3) == 0);
        }

        /// <summary>A deterministic generator: the seed is expanded with SplitMix64, as the authors recommend.</summary>
        public Xoshiro256(long seed)
        {
            var x = unchecked((ulong)seed);
            _s0 = SplitMix64(ref x);
            _s1 = SplitMix64(ref x);
            _s2 = SplitMix64(ref x);
            _s3 = SplitMix64(ref x);
        }

        public ulong Next()
        {
            var s0 = _s0;
            var s1 = _s1;
            var s2 = _s2;
            var s3 = _s3;
            var result = BitOperations.RotateLeft(s1 * 5, 7) * 9;
            var t = s1 << 17;
            s2 ^= s0;
            s3 ^= s1;
            s1 ^= s2;
            s0 ^= s3;
            s2 ^= t;
            s3 = BitOperations.RotateLeft(s3, 45);
            _s0 = s0;
            _s1 = s1;
            _s2 = s2;
            _s3 = s3;
            return result;
        }

        private static ulong SplitMix64(ref ulong x)
        {
            var z = x += 0x9E3779B97F4A7C15;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
            return z ^ (z >> 31);
        }
    }
}
