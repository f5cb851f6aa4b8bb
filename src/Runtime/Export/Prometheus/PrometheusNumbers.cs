using System.Globalization;

namespace NumAgents.Instrumentation.Export.Prometheus;

/// <summary>
/// Numbers as both expositions write them and Go's and Python's parsers read them back exactly: the
/// shortest round-trip form, <c>+Inf</c>, <c>-Inf</c>, <c>NaN</c>, and timestamps in seconds.
/// </summary>
internal static class PrometheusNumbers
{
    /// <summary>The longest number this writes, with room to spare (a 17-digit mantissa, sign, point, exponent).</summary>
    public const int MaxLength = 32;

    /// <summary>The UTF-8 form of <paramref name="value"/>; whole numbers below 1e15 are written as integers.</summary>
    public static bool TryFormat(double value, Span<byte> destination, out int written)
    {
        // Counters and bucket counts are whole numbers: formatting them as integers is several times
        // cheaper than the shortest round-trip form, and prints the same digits below 1e15 ("R" switches
        // to exponent notation only from there). Negative zero keeps its sign through "R".
        if (Math.Abs(value) < 1e15 && value == Math.Truncate(value) && !(value == 0 && double.IsNegative(value)))
        {
            return ((long)value).TryFormat(destination, out written, provider: CultureInfo.InvariantCulture);
        }

        if (double.IsFinite(value))
        {
            return value.TryFormat(destination, out written, "R", CultureInfo.InvariantCulture);
        }

        ReadOnlySpan<byte> text = double.IsNaN(value) ? "NaN"u8 : value > 0 ? "+Inf"u8 : "-Inf"u8;
        written = text.Length;
        return text.TryCopyTo(destination);
    }

    /// <summary>The text form of <paramref name="value"/>, for label values such as a bucket's <c>le</c>.</summary>
    public static string Format(double value)
    {
        Span<byte> buffer = stackalloc byte[MaxLength];
        TryFormat(value, buffer, out var written);
        return System.Text.Encoding.UTF8.GetString(buffer[..written]);
    }

    /// <summary>
    /// A UTC time as OpenMetrics writes timestamps: seconds since the Unix epoch, with the fraction to
    /// 100 ns when there is one (<c>1764547200.25</c>).
    /// </summary>
    public static bool TryFormatTimestamp(long utcTicks, Span<byte> destination, out int written)
    {
        var sinceEpoch = Math.Max(0, utcTicks - DateTimeOffset.UnixEpoch.UtcTicks);
        var seconds = sinceEpoch / TimeSpan.TicksPerSecond;
        var fraction = sinceEpoch % TimeSpan.TicksPerSecond;
        if (!seconds.TryFormat(destination, out written, provider: CultureInfo.InvariantCulture)) return false;
        if (fraction == 0) return true;

        // Seven digits of 100 ns, without trailing zeros, written digit by digit (no format string to build).
        var digits = 7;
        while (fraction % 10 == 0)
        {
            fraction /= 10;
            digits--;
        }

        if (destination.Length < written + 1 + digits) return false;
        destination[written++] = (byte)'.';
        for (var i = digits - 1; i >= 0; i--)
        {
            destination[written + i] = (byte)('0' + (fraction % 10));
            fraction /= 10;
        }

        written += digits;
        return true;
    }
}
