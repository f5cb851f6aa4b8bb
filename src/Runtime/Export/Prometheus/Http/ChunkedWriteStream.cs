using System.Globalization;
using System.Text;

namespace NumAgents.Instrumentation.Export.Prometheus.Http;

/// <summary>
/// Writes an HTTP/1.1 response body in chunked transfer encoding, so a scrape streams without knowing its
/// length up front. <see cref="CompleteAsync"/> writes the terminating chunk; the inner stream stays open for
/// the next response on the connection.
/// </summary>
internal sealed class ChunkedWriteStream(Stream inner) : Stream
{
    private static readonly byte[] LineEnd = "\r\n"u8.ToArray();
    private static readonly byte[] LastChunk = "0\r\n\r\n"u8.ToArray();

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (buffer.IsEmpty) return;
        var header = Encoding.ASCII.GetBytes(buffer.Length.ToString("X", CultureInfo.InvariantCulture) + "\r\n");
        await inner.WriteAsync(header, cancellationToken).ConfigureAwait(false);
        await inner.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
        await inner.WriteAsync(LineEnd, cancellationToken).ConfigureAwait(false);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        => WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    // The server writes only asynchronously; synchronous I/O on a socket would hold a pool thread per slow client.
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException("The metrics server writes responses asynchronously.");

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    public override void Flush() => throw new NotSupportedException("The metrics server writes responses asynchronously.");

    /// <summary>The last, empty chunk: the end of the body.</summary>
    public async Task CompleteAsync(CancellationToken cancellationToken)
    {
        await inner.WriteAsync(LastChunk, cancellationToken).ConfigureAwait(false);
        await inner.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
