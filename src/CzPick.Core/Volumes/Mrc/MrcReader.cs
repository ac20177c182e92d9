using System.Buffers;
using System.Runtime.InteropServices;
using CzPick.Core.Geometry;

namespace CzPick.Core.Volumes.Mrc;

/// <summary>
/// Reads an MRC2014 volume, whole or any region, from a seekable stream or a file, as float32 (z, y, x). Only the
/// header is read when opening; a region is read as runs of whole rows in few large contiguous reads, so a slab of a
/// tomogram in a blob costs a handful of ranged requests, never the whole file. Reads may run concurrently.
/// </summary>
/// <remarks>
/// <para>Modes 0, 1, 2, 6 and 12 are converted to float32; complex and unknown modes are refused when opening.</para>
/// <para>
/// Permuted axes (mapc, mapr, maps other than 1, 2, 3) are handled: regions are given, and returned, along the real
/// axes (z, y, x), and the reader transposes from the file's (section, row, column) order.
/// </para>
/// </remarks>
public sealed class MrcReader : IVolumeSource
{
    readonly MrcByteSource bytes;
    readonly MrcReadOptions options;
    readonly int elementSize;
    readonly bool swap;
    bool disposed;

    MrcReader(MrcByteSource bytes, string sourceName, MrcInspection inspection, MrcReadOptions options)
    {
        MrcHeader header = inspection.Header!;
        this.bytes = bytes;
        this.options = options;
        this.SourceName = sourceName;
        this.Header = header;
        this.Warnings = inspection.Warnings;
        this.elementSize = MrcModes.ElementSize(header.Mode);
        this.swap = (header.ByteOrder == MrcByteOrder.LittleEndian) != BitConverter.IsLittleEndian;
        this.Info = new VolumeInfo(Path.GetFileNameWithoutExtension(sourceName), header.Shape, header.VoxelSize, "MRC2014", header.ElementType);
    }

    /// <inheritdoc/>
    public VolumeInfo Info { get; }

    /// <summary>Gets the file or blob name, as messages print it.</summary>
    public string SourceName { get; }

    /// <summary>Gets the header.</summary>
    public MrcHeader Header { get; }

    /// <summary>Gets what the file breaks of MRC2014 and what the reader assumed to read it (e.g. the byte order).</summary>
    public IReadOnlyList<MrcIssue> Warnings { get; }

    /// <summary>Opens an MRC volume in a stream, reading and checking its header only.</summary>
    /// <param name="stream">A readable, seekable stream positioned anywhere; the file starts at position 0.</param>
    /// <param name="sourceName">The file or blob name, used in messages and as the run name (without extension).</param>
    /// <param name="options">Limits and read tuning; the defaults when null.</param>
    /// <param name="leaveOpen">Whether to leave the stream open when the reader is disposed.</param>
    /// <returns>The reader.</returns>
    /// <exception cref="ArgumentException">The stream cannot read or seek.</exception>
    /// <exception cref="VolumeFormatException">The stream does not hold a readable MRC volume.</exception>
    public static MrcReader Open(Stream stream, string sourceName, MrcReadOptions? options = null, bool leaveOpen = false)
    {
        StreamByteSource source = FromStream(stream, leaveOpen);
        return Open(source, sourceName, options);
    }

    /// <summary>Opens an MRC volume in a stream, reading and checking its header only, without blocking.</summary>
    /// <param name="stream">A readable, seekable stream; the file starts at position 0.</param>
    /// <param name="sourceName">The file or blob name, used in messages and as the run name (without extension).</param>
    /// <param name="options">Limits and read tuning; the defaults when null.</param>
    /// <param name="leaveOpen">Whether to leave the stream open when the reader is disposed.</param>
    /// <param name="cancellationToken">Cancels the header read.</param>
    /// <returns>The reader.</returns>
    /// <exception cref="ArgumentException">The stream cannot read or seek.</exception>
    /// <exception cref="VolumeFormatException">The stream does not hold a readable MRC volume.</exception>
    public static async Task<MrcReader> OpenAsync(
        Stream stream, string sourceName, MrcReadOptions? options = null, bool leaveOpen = false, CancellationToken cancellationToken = default)
    {
        StreamByteSource source = FromStream(stream, leaveOpen);
        try
        {
            byte[] prefix = new byte[Math.Min(source.Length, MrcHeader.Size)];
            int read = await source.ReadAsync(0, prefix, cancellationToken).ConfigureAwait(false);
            return Create(source, prefix.AsSpan(0, read), sourceName, options);
        }
        catch
        {
            source.Dispose();
            throw;
        }
    }

    /// <inheritdoc/>
    public async ValueTask ReadAsync(Box3 region, Memory<float> destination, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(this.disposed, this);
        VolumeRegion.Validate(this.Info.Shape, region, destination.Length);
        RowLayout rows = new(this.Header, this.Header.Axes.ToFile(region), this.elementSize);
        (long sectionStride, long rowStride, long columnStride) = this.Header.Axes.DestinationStrides(region.Size);
        int columns = rows.Box.Size.X;
        long maxRunBytes = Math.Max(this.options.MaxReadBytes, rows.RowBytes);
        bool canReadDirectly = this.Header.Mode == MrcMode.Float32 && this.Header.HasStandardAxisOrder &&
            MemoryMarshal.TryGetArray<float>(destination, out _);
        byte[]? scratch = null;
        float[]? column = null;
        try
        {
            for (long first = 0; first < rows.Count;)
            {
                cancellationToken.ThrowIfCancellationRequested();
                (long count, long runBytes, bool contiguous) = rows.NextRun(first, this.options.MaxGapBytes, maxRunBytes);
                long runOffset = rows.Offset(first);
                if (canReadDirectly && contiguous)
                {
                    // Full rows with the standard axis order: the run is the destination's bytes, in order.
                    Memory<float> target = destination.Slice((int)(first * columns), (int)(count * columns));
                    MemoryMarshal.TryGetArray(target, out ArraySegment<float> segment);
                    using FloatArrayBytes targetBytes = new(segment.Array!, segment.Offset, segment.Count);
                    await this.ReadExactlyAsync(runOffset, targetBytes.Memory, cancellationToken).ConfigureAwait(false);
                    if (this.swap)
                    {
                        MrcElements.SwapInPlace(target.Span);
                    }
                }
                else
                {
                    if (scratch is null || scratch.Length < runBytes)
                    {
                        ReturnScratch(scratch);
                        scratch = ArrayPool<byte>.Shared.Rent((int)runBytes);
                    }

                    await this.ReadExactlyAsync(runOffset, scratch.AsMemory(0, (int)runBytes), cancellationToken).ConfigureAwait(false);
                    if (columnStride != 1)
                    {
                        column ??= ArrayPool<float>.Shared.Rent(columns);
                    }

                    for (long row = first; row < first + count; row++)
                    {
                        (long section, long rowInSection) = Math.DivRem(row, rows.Box.Size.Y);
                        Span<byte> stored = scratch.AsSpan((int)(rows.Offset(row) - runOffset), (int)rows.RowBytes);
                        long start = (section * sectionStride) + (rowInSection * rowStride);
                        this.ConvertRow(stored, destination.Span, start, columnStride, column);
                    }
                }

                first += count;
            }
        }
        finally
        {
            ReturnScratch(scratch);
            if (column is not null)
            {
                ArrayPool<float>.Shared.Return(column);
            }
        }
    }

    /// <summary>Closes the file, or the stream unless it was to be left open.</summary>
    public void Dispose()
    {
        if (!this.disposed)
        {
            this.disposed = true;
            this.bytes.Dispose();
        }
    }

    /// <summary>Opens an MRC volume from a byte source, reading and checking its header only.</summary>
    internal static MrcReader Open(MrcByteSource source, string sourceName, MrcReadOptions? options)
    {
        try
        {
            Span<byte> prefix = stackalloc byte[MrcHeader.Size];
            int read = source.Read(0, prefix[..(int)Math.Min(source.Length, MrcHeader.Size)]);
            return Create(source, prefix[..read], sourceName, options);
        }
        catch
        {
            source.Dispose();
            throw;
        }
    }

    static MrcReader Create(MrcByteSource source, ReadOnlySpan<byte> prefix, string sourceName, MrcReadOptions? options)
    {
        ArgumentNullException.ThrowIfNull(sourceName);
        MrcReadOptions settings = options ?? new MrcReadOptions();
        if (prefix.Length < Math.Min(source.Length, MrcHeader.Size))
        {
            MrcThrowHelper.ThrowTruncated(sourceName, 0, Math.Min(source.Length, MrcHeader.Size), prefix.Length);
        }

        MrcInspection inspection = MrcValidator.Inspect(prefix, source.Length, settings);
        if (!inspection.IsReadable)
        {
            MrcThrowHelper.ThrowUnreadable(sourceName, inspection);
        }

        return new MrcReader(source, sourceName, inspection, settings);
    }

    static StreamByteSource FromStream(Stream stream, bool leaveOpen)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanRead || !stream.CanSeek)
        {
            throw new ArgumentException("An MRC volume is read by byte ranges: the stream must be readable and seekable.", nameof(stream));
        }

        return new StreamByteSource(stream, leaveOpen);
    }

    static void ReturnScratch(byte[]? scratch)
    {
        if (scratch is not null)
        {
            ArrayPool<byte>.Shared.Return(scratch);
        }
    }

    async ValueTask ReadExactlyAsync(long offset, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        int read = await this.bytes.ReadAsync(offset, buffer, cancellationToken).ConfigureAwait(false);
        if (read < buffer.Length)
        {
            MrcThrowHelper.ThrowTruncated(this.SourceName, offset, buffer.Length, read);
        }
    }

    /// <summary>Converts one stored row into the destination, with a stride when the axes are permuted.</summary>
    void ConvertRow(Span<byte> stored, Span<float> destination, long start, long stride, float[]? column)
    {
        int length = stored.Length / this.elementSize;
        if (stride == 1)
        {
            MrcElements.ToSingle(stored, this.Header.Mode, this.swap, destination.Slice((int)start, length));
            return;
        }

        Span<float> values = column.AsSpan(0, length);
        MrcElements.ToSingle(stored, this.Header.Mode, this.swap, values);
        for (int i = 0; i < length; i++)
        {
            destination[(int)(start + (i * stride))] = values[i];
        }
    }

    /// <summary>Where the rows of a box of the file lie: one row is the box's columns of one file row.</summary>
    readonly struct RowLayout(MrcHeader header, Box3 box, int elementSize)
    {
        public Box3 Box => box;

        public long Count => (long)box.Size.Z * box.Size.Y;

        public long RowBytes => (long)box.Size.X * elementSize;

        /// <summary>Returns the byte offset of the first wanted voxel of row k (rows numbered section by section).</summary>
        public long Offset(long row)
        {
            (long section, long rowInSection) = Math.DivRem(row, box.Size.Y);
            long voxel = ((((box.Start.Z + section) * header.Ny) + box.Start.Y + rowInSection) * header.Nx) + box.Start.X;
            return header.DataOffset + (voxel * elementSize);
        }

        /// <summary>
        /// Gathers the rows from <paramref name="first"/> into one read while the gaps between them are small and the
        /// run stays within the read limit; reports whether the run has no gap at all.
        /// </summary>
        public (long Count, long Bytes, bool Contiguous) NextRun(long first, long maxGap, long maxBytes)
        {
            long start = this.Offset(first);
            long end = start + this.RowBytes;
            bool contiguous = true;
            long row = first + 1;
            for (; row < this.Count; row++)
            {
                long next = this.Offset(row);
                if (next - end > maxGap || next + this.RowBytes - start > maxBytes)
                {
                    break;
                }

                contiguous &= next == end;
                end = next + this.RowBytes;
            }

            return (row - first, end - start, contiguous);
        }
    }
}
