using System.Buffers;

namespace NumAgents.Instrumentation.Export;

/// <summary>
/// An <see cref="IBufferWriter{T}"/> over a stream: output collects in one pooled buffer that is
/// written to the stream whenever the next item would not fit, so memory stays at one buffer.
/// </summary>
internal sealed class StreamBufferWriter : IBufferWriter<byte>, IDisposable
{
    private const int FlushThreshold = 64 * 1024;

    private readonly Stream _stream;
    private readonly PooledBufferWriter _buffer = new();

    public StreamBufferWriter(Stream stream) => _stream = stream;

    public void Advance(int count) => _buffer.Advance(count);

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        FlushIfFull(sizeHint);
        return _buffer.GetMemory(sizeHint);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        FlushIfFull(sizeHint);
        return _buffer.GetSpan(sizeHint);
    }

    public void Flush()
    {
        WriteBuffered();
        _stream.Flush();
    }

    public void Dispose() => _buffer.Dispose();

    private void FlushIfFull(int sizeHint)
    {
        if (_buffer.WrittenCount > 0 && _buffer.WrittenCount + Math.Max(sizeHint, 1) > FlushThreshold) WriteBuffered();
    }

    private void WriteBuffered()
    {
        if (_buffer.WrittenCount == 0) return;
        _stream.Write(_buffer.WrittenSpan);
        _buffer.Reset();
    }
}
