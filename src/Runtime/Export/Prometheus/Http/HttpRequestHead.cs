using System.Text;

namespace NumAgents.Instrumentation.Export.Prometheus.Http;

/// <summary>
/// The request line and the few headers a scrape endpoint acts on, parsed from the bytes of an HTTP/1.x
/// request head. Anything it cannot parse is a bad request; header names are matched case-insensitively.
/// </summary>
internal sealed class HttpRequestHead
{
    private HttpRequestHead(string method, string path, bool isHttp11)
    {
        Method = method;
        Path = path;
        IsHttp11 = isHttp11;
    }

    public string Method { get; }

    /// <summary>The target's path, without the query.</summary>
    public string Path { get; }

    public bool IsHttp11 { get; }

    /// <summary>Every <c>Accept</c> header, joined with commas.</summary>
    public string? Accept { get; private set; }

    /// <summary>Every <c>Accept-Encoding</c> header, joined with commas.</summary>
    public string? AcceptEncoding { get; private set; }

    /// <summary>Whether the client asked to close the connection after this response (or, for HTTP/1.0, did not ask to keep it).</summary>
    public bool WantsClose { get; private set; }

    /// <summary>Whether a body follows the head (<c>Content-Length</c> above 0 or a <c>Transfer-Encoding</c>), which this endpoint never reads.</summary>
    public bool HasBody { get; private set; }

    /// <summary>The index just past the end of the head (the blank line) in <paramref name="buffer"/>, or -1 while it is incomplete.</summary>
    public static int EndOfHead(ReadOnlySpan<byte> buffer)
    {
        for (var i = 0; i < buffer.Length; i++)
        {
            if (buffer[i] != '\n') continue;
            if (i + 1 < buffer.Length && buffer[i + 1] == '\n') return i + 2;
            if (i + 2 < buffer.Length && buffer[i + 1] == '\r' && buffer[i + 2] == '\n') return i + 3;
        }

        return -1;
    }

    /// <summary>Parses a complete head; <see langword="null"/> when it is not a well-formed HTTP/1.x request.</summary>
    public static HttpRequestHead? Parse(ReadOnlySpan<byte> head)
    {
        // Latin-1 maps every byte to one char, so malformed input still parses into something to reject.
        var lines = Encoding.Latin1.GetString(head).Split('\n');
        var requestLine = lines[0].TrimEnd('\r').Split(' ');
        if (requestLine.Length != 3 || requestLine[0].Length == 0 || !requestLine[0].All(char.IsAsciiLetterUpper)) return null;
        var version = requestLine[2];
        if (version is not ("HTTP/1.1" or "HTTP/1.0")) return null;
        if (ParsePath(requestLine[1]) is not { } path) return null;

        var request = new HttpRequestHead(requestLine[0], path, version == "HTTP/1.1");
        var keepAlive = false;
        for (var i = 1; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            if (line.Length == 0) continue;
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0) return null;
            var name = line[..colon].Trim();
            var value = line[(colon + 1)..].Trim();
            if (name.Equals("Accept", StringComparison.OrdinalIgnoreCase)) request.Accept = Join(request.Accept, value);
            else if (name.Equals("Accept-Encoding", StringComparison.OrdinalIgnoreCase)) request.AcceptEncoding = Join(request.AcceptEncoding, value);
            else if (name.Equals("Connection", StringComparison.OrdinalIgnoreCase))
            {
                request.WantsClose |= HasToken(value, "close");
                keepAlive |= HasToken(value, "keep-alive");
            }
            else if (name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase)) request.HasBody = true;
            else if (name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                if (!long.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var length)) return null;
                request.HasBody |= length > 0;
            }
        }

        if (!request.IsHttp11 && !keepAlive) request.WantsClose = true;
        return request;
    }

    /// <summary>The path of an origin-form (<c>/metrics?x</c>) or absolute-form (<c>http://host/metrics</c>) target.</summary>
    private static string? ParsePath(string target)
    {
        if (target.StartsWith('/'))
        {
            var query = target.IndexOfAny(['?', '#']);
            return query < 0 ? target : target[..query];
        }

        return Uri.TryCreate(target, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" ? uri.AbsolutePath : null;
    }

    private static string Join(string? existing, string value) => existing is null ? value : existing + "," + value;

    private static bool HasToken(string value, string token)
        => value.Split(',').Any(part => part.Trim().Equals(token, StringComparison.OrdinalIgnoreCase));
}
