using System.Buffers;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace CzPick.Core.Volumes.Mrc;

/// <summary>
/// Positioned reads from where an MRC file lives. Each read asks for one contiguous byte range, so a blob stream
/// turns it into one ranged request; reads may run concurrently.
/// </summary>
abstract class MrcByteSource : IDisposable
{
    /// <summary>Gets the length in bytes, taken once when opened.</summary>
    public abstract long Length { get; }

    /// <summary>Reads bytes from an offset until the buffer is full or the data ends.</summary>
    /// <param name="offset">The first byte to read.</param>
    /// <param name="buffer">Receives the bytes.</param>
    /// <returns>The number of bytes read: buffer.Length unless the data ended first.</returns>
    public abstract int Read(long offset, Span<byte> buffer);

    /// <summary>Reads bytes from an offset until the buffer is full or the data ends.</summary>
    /// <param name="offset">The first byte to read.</param>
    /// <param name="buffer">Receives the bytes.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The number of bytes read: buffer.Length unless the data ended first.</returns>
    public abstract ValueTask<int> ReadAsync(long offset, Memory<byte> buffer, CancellationToken cancellationToken);

    /// <inheritdoc/>
    public abstract void Dispose();
}

/// <summary>A local file read with positioned reads (pread), which need no lock and leave no file position behind.</summary>
/// <param name="handle">The open file; disposed with this source.</param>
sealed class FileByteSource(SafeFileHandle handle) : MrcByteSource
{
    /// <inheritdoc/>
    public override long Length { get; } = RandomAccess.GetLength(handle);

    /// <inheritdoc/>
    public override int Read(long offset, Span<byte> buffer)
    {
        int total = 0;
        while (total < buffer.Length)
        {
            int read = RandomAccess.Read(handle, buffer[total..], offset + total);
            if (read == 0)
            {
                break;
            }

            total += read;
        }

        return total;
    }

    /// <inheritdoc/>
    /// <remarks>Reads synchronously: from the page cache a pread is a memory copy, cheaper than a thread hop.</remarks>
    public override ValueTask<int> ReadAsync(long offset, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(this.Read(offset, buffer.Span));
    }

    /// <inheritdoc/>
    public override void Dispose() => handle.Dispose();
}

/// <summary>Any readable, seekable stream (a blob stream with ranged reads, a memory stream), one read at a time.</summary>
/// <param name="stream">The stream.</param>
/// <param name="leaveOpen">Whether to leave the stream open when this source is disposed.</param>
sealed class StreamByteSource(Stream stream, bool leaveOpen) : MrcByteSource
{
    readonly SemaphoreSlim gate = new(1, 1);

    /// <inheritdoc/>
    public override long Length { get; } = stream.Length;

    /// <inheritdoc/>
    public override int Read(long offset, Span<byte> buffer)
    {
        this.gate.Wait();
        try
        {
            stream.Position = offset;
            return stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        }
        finally
        {
            this.gate.Release();
        }
    }

    /// <inheritdoc/>
    public override async ValueTask<int> ReadAsync(long offset, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        await this.gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            stream.Position = offset;
            return await stream.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            this.gate.Release();
        }
    }

    /// <inheritdoc/>
    public override void Dispose()
    {
        this.gate.Dispose();
        if (!leaveOpen)
        {
            stream.Dispose();
        }
    }
}

/// <summary>
/// The bytes of part of a float array as <see cref="Memory{T}"/> of bytes, so float32 data can be read straight
/// into the caller's buffer by an API that takes byte memory.
/// </summary>
/// <param name="array">The floats.</param>
/// <param name="start">The first float.</param>
/// <param name="length">The number of floats.</param>
sealed unsafe class FloatArrayBytes(float[] array, int start, int length) : MemoryManager<byte>
{
    /// <inheritdoc/>
    public override Span<byte> GetSpan() => MemoryMarshal.AsBytes(array.AsSpan(start, length));

    /// <inheritdoc/>
    public override MemoryHandle Pin(int elementIndex = 0)
    {
        GCHandle handle = GCHandle.Alloc(array, GCHandleType.Pinned);
        byte* first = (byte*)handle.AddrOfPinnedObject() + ((long)start * sizeof(float)) + elementIndex;
        return new MemoryHandle(first, handle);
    }

    /// <inheritdoc/>
    public override void Unpin()
    {
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
    }
}
