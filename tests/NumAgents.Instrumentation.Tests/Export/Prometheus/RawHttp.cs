using System.Net;
using System.Net.Sockets;
using System.Text;

namespace NumAgents.Instrumentation.Tests.Export.Prometheus;

/// <summary>HTTP/1.x by hand, for what HttpClient hides: several requests on one connection, HEAD, malformed requests.</summary>
internal sealed class RawHttp : IDisposable
{
    private readonly TcpClient _client;
    private readonly NetworkStream _stream;
    private readonly byte[] _buffer = new byte[1 << 16];
    private readonly MemoryStream _pending = new();

    public RawHttp(IPEndPoint endPoint)
    {
        _client = new TcpClient(endPoint.AddressFamily);
        _client.Connect(endPoint);
        _stream = _client.GetStream();
        _stream.ReadTimeout = 30_000;
    }

    public static IPEndPoint Loopback(MetricsServer server) => new(IPAddress.Loopback, server.Port);

    public void Send(string request) => _stream.Write(Encoding.ASCII.GetBytes(request));

    /// <summary>One response: status line, headers (lowercase names) and the decoded body; empty for a HEAD request.</summary>
    public (int Status, Dictionary<string, string> Headers, string Body) ReadResponse(bool head = false)
    {
        var headText = ReadUntil("\r\n\r\n");
        var lines = headText.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var status = int.Parse(lines[0].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        var headers = lines.Skip(1).Select(l => l.Split(':', 2)).ToDictionary(p => p[0].Trim().ToLowerInvariant(), p => p[1].Trim());
        if (head) return (status, headers, string.Empty);

        string body;
        if (headers.TryGetValue("transfer-encoding", out var encoding) && encoding == "chunked")
        {
            var bytes = new MemoryStream();
            while (true)
            {
                var size = Convert.ToInt32(ReadUntil("\r\n").TrimEnd(), 16);
                if (size == 0)
                {
                    ReadUntil("\r\n");
                    break;
                }

                bytes.Write(ReadExactly(size));
                ReadUntil("\r\n");
            }

            body = Encoding.UTF8.GetString(bytes.ToArray());
        }
        else if (headers.TryGetValue("content-length", out var length))
        {
            body = Encoding.UTF8.GetString(ReadExactly(int.Parse(length, System.Globalization.CultureInfo.InvariantCulture)));
        }
        else
        {
            body = Encoding.UTF8.GetString(ReadToEnd());
        }

        return (status, headers, body);
    }

    /// <summary>Whether the server has closed the connection (a read returns 0 bytes within the timeout).</summary>
    public bool IsClosedByServer(TimeSpan within)
    {
        _stream.ReadTimeout = (int)within.TotalMilliseconds;
        try
        {
            return _pending.Length == 0 && _stream.Read(_buffer) == 0;
        }
        catch (IOException)
        {
            return true;
        }
    }

    public void Dispose() => _client.Dispose();

    private string ReadUntil(string terminator)
    {
        while (true)
        {
            var text = Encoding.Latin1.GetString(_pending.GetBuffer(), 0, (int)_pending.Length);
            var end = text.IndexOf(terminator, StringComparison.Ordinal);
            if (end >= 0)
            {
                Consume(end + terminator.Length);
                return text[..(end + terminator.Length)];
            }

            Fill();
        }
    }

    private byte[] ReadExactly(int count)
    {
        while (_pending.Length < count) Fill();
        var result = _pending.GetBuffer().AsSpan(0, count).ToArray();
        Consume(count);
        return result;
    }

    private byte[] ReadToEnd()
    {
        int read;
        while ((read = _stream.Read(_buffer)) > 0) _pending.Write(_buffer, 0, read);
        var result = _pending.ToArray();
        Consume(result.Length);
        return result;
    }

    private void Fill()
    {
        var read = _stream.Read(_buffer);
        if (read == 0) throw new IOException("The server closed the connection mid-response.");
        _pending.Write(_buffer, 0, read);
    }

    private void Consume(int count)
    {
        var rest = _pending.GetBuffer().AsSpan(count, (int)_pending.Length - count).ToArray();
        _pending.SetLength(0);
        _pending.Write(rest);
    }
}
