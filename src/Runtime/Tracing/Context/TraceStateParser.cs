namespace NumAgents.Instrumentation.Tracing;

/// <summary>
/// Validates a W3C <c>tracestate</c> value (list members <c>key=value</c>, at most 32, unique keys,
/// keys and values from the specification's grammar) and returns it without optional white space, or
/// <see langword="null"/> when it must be discarded.
/// </summary>
internal static class TraceStateParser
{
    private const int MaxMembers = 32;

    public static string? Normalize(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        var members = new List<(string Key, string Value)>();
        foreach (var range in value.AsSpan().Split(','))
        {
            var member = value.AsSpan(range).Trim(" \t");
            if (member.IsEmpty) continue; // empty list members are allowed and skipped
            var equals = member.IndexOf('=');
            if (equals <= 0) return null;
            var key = member[..equals];
            var memberValue = member[(equals + 1)..];
            if (!IsValidKey(key) || !IsValidValue(memberValue)) return null;
            var keyText = key.ToString();
            foreach (var existing in members)
            {
                if (existing.Key == keyText) return null;
            }

            members.Add((keyText, memberValue.ToString()));
            if (members.Count > MaxMembers) return null;
        }

        if (members.Count == 0) return null;
        return string.Join(',', members.Select(static m => m.Key + "=" + m.Value));
    }

    // key = simple-key / multi-tenant-key
    // simple-key = lcalpha 0*255( lcalpha / DIGIT / "_" / "-"/ "*" / "/" )
    // multi-tenant-key = tenant-id "@" system-id
    // tenant-id = ( lcalpha / DIGIT ) 0*240( lcalpha / DIGIT / "_" / "-"/ "*" / "/" )
    // system-id = lcalpha 0*13( lcalpha / DIGIT / "_" / "-"/ "*" / "/" )
    private static bool IsValidKey(ReadOnlySpan<char> key)
    {
        var at = key.IndexOf('@');
        if (at < 0) return key.Length <= 256 && IsLowerAlpha(key[0]) && AllKeyChars(key[1..]);
        var tenant = key[..at];
        var system = key[(at + 1)..];
        return tenant.Length is >= 1 and <= 241 && (IsLowerAlpha(tenant[0]) || char.IsAsciiDigit(tenant[0])) && AllKeyChars(tenant[1..])
            && system.Length is >= 1 and <= 14 && IsLowerAlpha(system[0]) && AllKeyChars(system[1..]);
    }

    // value = 0*255(chr) nblk-chr; nblk-chr = %x21-2B / %x2D-3C / %x3E-7E; chr = %x20 / nblk-chr
    private static bool IsValidValue(ReadOnlySpan<char> value)
    {
        if (value.IsEmpty || value.Length > 256 || value[^1] == ' ') return false;
        foreach (var c in value)
        {
            if (c is < (char)0x20 or > (char)0x7E or ',' or '=') return false;
        }

        return true;
    }

    private static bool AllKeyChars(ReadOnlySpan<char> chars)
    {
        foreach (var c in chars)
        {
            if (!(IsLowerAlpha(c) || char.IsAsciiDigit(c) || c is '_' or '-' or '*' or '/')) return false;
        }

        return true;
    }

    private static bool IsLowerAlpha(char c) => c is >= 'a' and <= 'z';
}
