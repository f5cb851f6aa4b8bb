using System.Buffers;

namespace NumAgents.Instrumentation.Export;

/// <summary>An <see cref="IBufferWriter{T}"/> over a stream, writing through one pooled buffer.</summary>
internal sealed class StreamBufferWriter : IBufferWriter<byte>, IDisposable
{
    private const int DefaultBufferSize = 64 * 1024;

    private readonly Stream _stream;
    private byte[] _buffer;
    private int _written;

    public StreamBufferWriter(Stream stream)
    {
        _stream = stream;
        _buffer = ArrayPool<byte>.Shared.Rent(DefaultBufferSize);
    }

    public void Advance(int count) => _written += count;

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Reserve(sizeHint);
        return _buffer.AsMemory(_written);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Reserve(sizeHint);
        return _buffer.AsSpan(_written);
    }

    public void Flush()
    {
        if (_written > 0)
        {
            _stream.Write(_buffer, 0, _written);
            _written = 0;
        }

        _stream.Flush();
    }

    public void Dispose()
    {
        var buffer = _buffer;
        _buffer = [];
        if (buffer.Length > 0) ArrayPool<byte>.Shared.Return(buffer);
    }

    private void Reserve(int sizeHint)
    {
        sizeHint = Math.Max(sizeHint, 1);
        if (_buffer.Length - _written >= sizeHint) return;
        if (_written > 0)
        {
            _stream.Write(_buffer, 0, _written);
            _written = 0;
        }

        if (_buffer.Length < sizeHint)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = ArrayPool<byte>.Shared.Rent(sizeHint);
        }
    }
}
