using System.Globalization;

namespace NumAgents.Instrumentation;

/// <summary>
/// Chooses the exposition format from a scrape's <c>Accept</c> header, as Prometheus 2.x and 3.x send it
/// (<c>application/openmetrics-text;version=1.0.0,...,text/plain;version=0.0.4;q=0.5,*/*;q=0.1</c>):
/// OpenMetrics when the client ranks it highest, the text format 0.0.4 otherwise, and always for a client
/// that sends no header or only types this endpoint cannot write (a scrape is never refused with 406).
/// </summary>
public static class PrometheusContentNegotiation
{
    /// <summary>The <c>Content-Type</c> of the text format 0.0.4.</summary>
    public const string TextContentType = "text/plain; version=0.0.4; charset=utf-8";

    /// <summary>The <c>Content-Type</c> of OpenMetrics 1.0.0.</summary>
    public const string OpenMetricsContentType = "application/openmetrics-text; version=1.0.0; charset=utf-8";

    /// <summary>The format to answer a request whose <c>Accept</c> header is <paramref name="accept"/>.</summary>
    /// <param name="accept">The header value (several headers joined with commas), or <see langword="null"/>.</param>
    public static PrometheusFormat FromAcceptHeader(string? accept)
    {
        if (string.IsNullOrWhiteSpace(accept)) return PrometheusFormat.Text;

        var best = PrometheusFormat.Text;
        var bestQuality = -1.0;
        foreach (var range in accept.Split(','))
        {
            if (Parse(range) is not { } offered || offered.Quality <= 0) continue;

            // Equal weights keep the client's order: the first listed wins.
            if (offered.Quality > bestQuality)
            {
                best = offered.Format;
                bestQuality = offered.Quality;
            }
        }

        return best;
    }

    /// <summary>Whether an <c>Accept-Encoding</c> header allows gzip: listed, and not with <c>q=0</c>.</summary>
    /// <param name="acceptEncoding">The header value (several headers joined with commas), or <see langword="null"/>.</param>
    public static bool AcceptsGzip(string? acceptEncoding)
    {
        if (acceptEncoding is null) return false;
        foreach (var part in acceptEncoding.Split(','))
        {
            var pieces = part.Split(';');
            if (!pieces[0].Trim().Equals("gzip", StringComparison.OrdinalIgnoreCase)) continue;
            var refused = pieces.Skip(1).Any(p => p.Trim().StartsWith("q=", StringComparison.OrdinalIgnoreCase)
                && double.TryParse(p.Trim()[2..], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var weight) && weight == 0);
            if (!refused) return true;
        }

        return false;
    }

    /// <summary>The <c>Content-Type</c> of <paramref name="format"/>.</summary>
    /// <param name="format">The exposition format.</param>
    public static string ContentTypeOf(PrometheusFormat format) => format == PrometheusFormat.OpenMetrics ? OpenMetricsContentType : TextContentType;

    /// <summary>What one media range offers: a format this endpoint writes and its weight, or nothing.</summary>
    private static (PrometheusFormat Format, double Quality)? Parse(string range)
    {
        var parts = range.Split(';');
        var mediaType = parts[0].Trim();
        string? version = null;
        var quality = 1.0;
        for (var i = 1; i < parts.Length; i++)
        {
            var parameter = parts[i];
            var equals = parameter.IndexOf('=', StringComparison.Ordinal);
            if (equals < 0) continue;
            var name = parameter[..equals].Trim();
            var value = parameter[(equals + 1)..].Trim().Trim('"');
            if (name.Equals("q", StringComparison.OrdinalIgnoreCase))
            {
                // A malformed weight makes the range unusable rather than preferred.
                if (!double.TryParse(value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out quality)) return null;
            }
            else if (name.Equals("version", StringComparison.OrdinalIgnoreCase))
            {
                version = value;
            }
        }

        if (mediaType.Equals("application/openmetrics-text", StringComparison.OrdinalIgnoreCase))
        {
            // 0.0.1 is the draft Prometheus still lists as a fallback; 1.0.0 answers it.
            return version is null or "1.0.0" or "0.0.1" ? (PrometheusFormat.OpenMetrics, quality) : null;
        }

        if (mediaType.Equals("text/plain", StringComparison.OrdinalIgnoreCase)
            || mediaType.Equals("text/*", StringComparison.OrdinalIgnoreCase)
            || mediaType.Equals("*/*", StringComparison.OrdinalIgnoreCase))
        {
            return (PrometheusFormat.Text, quality);
        }

        return null;
    }
}
