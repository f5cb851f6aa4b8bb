using System.Collections.Immutable;
using System.Text;

namespace NumAgents.Instrumentation.Analyzers.Internal;

/// <summary>
/// Matches label keys against the high-cardinality key list. Keys are compared after lowercasing and
/// dropping everything but letters and digits, so <c>userId</c>, <c>user_id</c> and <c>User-ID</c> match alike;
/// <c>ip</c> matches <c>IP</c> but never <c>zip</c>.
/// </summary>
internal sealed class LabelKeyMatcher
{
    /// <summary>The keys flagged when <c>.editorconfig</c> says nothing.</summary>
    public static readonly ImmutableArray<string> DefaultKeys = ImmutableArray.Create(
        "user_id", "request_id", "session_id", "trace_id", "span_id", "email", "ip", "ip_address", "url", "timestamp", "uuid");

    public static readonly LabelKeyMatcher Default = new(DefaultKeys);

    private readonly ImmutableHashSet<string> _normalizedKeys;

    public LabelKeyMatcher(IEnumerable<string> keys)
    {
        _normalizedKeys = keys.Select(Normalize).Where(k => k.Length > 0).ToImmutableHashSet(StringComparer.Ordinal);
    }

    public bool IsHighCardinality(string key) => _normalizedKeys.Contains(Normalize(key));

    /// <summary>A comma- or space-separated list, as written in <c>.editorconfig</c>.</summary>
    public static IEnumerable<string> ParseList(string? value)
        => value is null ? Enumerable.Empty<string>() : value.Split(new[] { ',', ' ', ';', '\t' }, StringSplitOptions.RemoveEmptyEntries);

    internal static string Normalize(string key)
    {
        var builder = new StringBuilder(key.Length);
        foreach (var c in key)
        {
            if (char.IsLetterOrDigit(c)) builder.Append(char.ToLowerInvariant(c));
        }

        return builder.ToString();
    }
}
