using CsCheck;

namespace NumAgents.Instrumentation.Tests.Reliability;

/// <summary>
/// Generators of hostile input: any UTF-16 (control characters, lone surrogates, emoji), the characters
/// the exposition format escapes, reserved names, 10 KB strings, and every awkward double.
/// </summary>
internal static class HostileGen
{
    private static readonly string[] Awkward =
    [
        string.Empty, " ", "\t", "\n", "\r\n", "\"", "\\", "\\n", "a\\\"b\nc\\", "\0", "{", "}", "=", ",", "#", "# HELP",
        "le", "quantile", "__name__", "_", "__", "1", "9lives", "a.b", "a_b", "a-b", "é", "ünïcødé ✓", "😀", "\uD83D", "\uDE00",
        "\u2028", "\u0085", "\u00A0", "\u001F", "otel_metric_overflow", "true", "+Inf", "NaN", "  padded  ",
    ];

    private static readonly double[] AwkwardNumbers =
    [
        0, -0.0, 1, -1, 0.1, 1e-310, -1e-310, double.Epsilon, -double.Epsilon, double.MaxValue, double.MinValue, 1e308, 1e300,
        double.NaN, double.PositiveInfinity, double.NegativeInfinity, 123456789.123456789, 1e-5, 9007199254740993,
    ];

    /// <summary>Any UTF-16 code unit, lone surrogates included.</summary>
    public static readonly Gen<string> AnyUtf16 = Gen.Char[char.MinValue, char.MaxValue].Array[0, 12].Select(chars => new string(chars));

    public static readonly Gen<string> Printable = Gen.Char[' ', '~'].Array[0, 12].Select(chars => new string(chars));

    public static readonly Gen<string> Constant = Gen.Int[0, Awkward.Length - 1].Select(i => Awkward[i]);

    /// <summary>Strings of 10 KB and a little more, of one repeated awkward character.</summary>
    public static readonly Gen<string> Huge = Gen.Select(Gen.Int[10_240, 10_300], Gen.Char["a\"\\\né😀"], (length, c) => new string(c, length));

    public static readonly Gen<string> String = Gen.Frequency(
        (4, AnyUtf16),
        (3, Printable),
        (4, Constant),
        (1, Huge));

    public static readonly Gen<double> Number = Gen.Frequency(
        (3, Gen.Int[0, AwkwardNumbers.Length - 1].Select(i => AwkwardNumbers[i])),
        (2, Gen.Double),
        (2, Gen.Double[-1000, 1000]),
        (1, Gen.Long.Select(bits => BitConverter.Int64BitsToDouble(bits))));

    public static readonly Gen<(string Key, string Value)[]> Labels = Gen.Select(String, String, (k, v) => (k, v)).Array[0, 3];
}
