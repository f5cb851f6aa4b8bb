using System.Text;
using System.Text.RegularExpressions;

namespace NumAgents.Instrumentation.Analyzers.Internal;

/// <summary>
/// The house convention for metric and span names: lowercase segments separated by dots, words inside a
/// segment separated by underscores (<c>http.server.request_duration</c>), as OpenTelemetry's semantic
/// conventions write them.
/// </summary>
internal static class NamingConvention
{
    private static readonly Regex Conventional = new(@"^[a-z][a-z0-9_]*(\.[a-z0-9][a-z0-9_]*)*$", RegexOptions.CultureInvariant);

    public static bool IsConventional(string name) => Conventional.IsMatch(name);

    /// <summary>
    /// The conventional spelling: separators (space, '-', '/', ':') become dots, camelCase and PascalCase
    /// words become snake_case. <see langword="null"/> when no ASCII spelling exists (non-ASCII letters, nothing left).
    /// </summary>
    public static string? Suggest(string name)
    {
        var segments = new List<string>();
        var segment = new StringBuilder();
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (c == '_')
            {
                AppendUnderscore(segment);
                continue;
            }

            if (!IsAsciiLetterOrDigit(c))
            {
                if (c > 127 && char.IsLetterOrDigit(c)) return null;
                Flush(segments, segment);
                continue;
            }

            if (IsUpper(c) && segment.Length > 0 && i > 0)
            {
                var previous = name[i - 1];
                var nextIsLower = i + 1 < name.Length && IsLower(name[i + 1]);
                if (IsLower(previous) || IsDigit(previous) || (IsUpper(previous) && nextIsLower)) AppendUnderscore(segment);
            }

            segment.Append(char.ToLowerInvariant(c));
        }

        Flush(segments, segment);
        if (segments.Count == 0) return null;
        var suggestion = string.Join(".", segments);
        return IsConventional(suggestion) ? suggestion : null;
    }

    private static void AppendUnderscore(StringBuilder segment)
    {
        if (segment.Length > 0 && segment[segment.Length - 1] != '_') segment.Append('_');
    }

    private static void Flush(List<string> segments, StringBuilder segment)
    {
        var text = segment.ToString().Trim('_');
        if (text.Length > 0) segments.Add(text);
        segment.Clear();
    }

    private static bool IsAsciiLetterOrDigit(char c) => IsLower(c) || IsUpper(c) || IsDigit(c);

    private static bool IsLower(char c) => c is >= 'a' and <= 'z';

    private static bool IsUpper(char c) => c is >= 'A' and <= 'Z';

    private static bool IsDigit(char c) => c is >= '0' and <= '9';
}
