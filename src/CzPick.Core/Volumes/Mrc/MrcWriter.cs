using System.Buffers;
using System.Numerics;
using CzPick.Core.Geometry;

namespace CzPick.Core.Volumes.Mrc;

/// <summary>
/// Writes an MRC2014 volume section by section, so a volume larger than memory can be written from a stream of
/// slabs: a little-endian header (nversion 20141, 'MAP ', machine stamp 0x44 0x44, cella = extent × voxel size,
/// mx, my, mz = nx, ny, nz, axes 1, 2, 3), then the data. The header statistics (dmin, dmax, dmean, rms) are those
/// of the stored values, filled in by <see cref="CompleteAsync"/> on a seekable stream; a stream that cannot seek
/// keeps MRC2014's "undetermined" values (dmax &lt; dmin, dmean &lt; both, rms &lt; 0).
/// </summary>
public sealed class MrcWriter : IAsyncDisposable, IDisposable
{
    /// <summary>Voxels converted per write: 4 MB of float32, so the scratch buffers stay small.</summary>
    const int StepVoxels = 1 << 20;

    readonly Stream stream;
    readonly bool leaveOpen;
    readonly MrcHeader header;
    readonly int elementSize;
    StatisticsAccumulator statistics;
    byte[]? stored;
    float[]? storedValues;
    bool completed;
    bool disposed;

    MrcWriter(Stream stream, bool leaveOpen, MrcHeader header)
    {
        this.stream = stream;
        this.leaveOpen = leaveOpen;
        this.header = header;
        this.elementSize = MrcModes.ElementSize(header.Mode);
    }

    /// <summary>Gets the volume's shape, (z, y, x).</summary>
    public Shape3 Shape => this.header.FileShape;

    /// <summary>Gets the number of sections written so far.</summary>
    public int SectionsWritten { get; private set; }

    /// <summary>Starts a new MRC file.</summary>
    /// <param name="path">The file to write.</param>
    /// <param name="shape">The volume's extent, (z, y, x).</param>
    /// <param name="voxelSize">The voxel size in Å; positive.</param>
    /// <param name="options">The mode, labels, origin and whether to overwrite; defaults when null.</param>
    /// <returns>The writer; write every section, then call <see cref="CompleteAsync"/>.</returns>
    /// <exception cref="IOException">The file exists and <see cref="MrcWriteOptions.Overwrite"/> is not set.</exception>
    /// <exception cref="ArgumentException">The shape, voxel size, mode or labels cannot be written.</exception>
    public static MrcWriter Create(string path, Shape3 shape, VoxelSizeAngstrom voxelSize, MrcWriteOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        MrcWriteOptions settings = options ?? new MrcWriteOptions();
        MrcHeader header = BuildHeader(shape, voxelSize, settings);
        if (!settings.Overwrite && File.Exists(path))
        {
            MrcThrowHelper.ThrowExists(path);
        }

        FileStream file = new(path, settings.Overwrite ? FileMode.Create : FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 0);
        return Start(file, leaveOpen: false, header);
    }

    /// <summary>Starts a new MRC volume in a stream, at its current position.</summary>
    /// <param name="stream">A writable stream; if it can seek, the header statistics are filled in at the end.</param>
    /// <param name="shape">The volume's extent, (z, y, x).</param>
    /// <param name="voxelSize">The voxel size in Å; positive.</param>
    /// <param name="options">The mode, labels and origin; defaults when null.</param>
    /// <param name="leaveOpen">Whether to leave the stream open when the writer is disposed.</param>
    /// <returns>The writer; write every section, then call <see cref="CompleteAsync"/>.</returns>
    /// <exception cref="ArgumentException">The stream cannot write, or the shape, voxel size, mode or labels cannot be written.</exception>
    public static MrcWriter Create(Stream stream, Shape3 shape, VoxelSizeAngstrom voxelSize, MrcWriteOptions? options = null, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanWrite)
        {
            throw new ArgumentException("The stream cannot be written.", nameof(stream));
        }

        return Start(stream, leaveOpen, BuildHeader(shape, voxelSize, options ?? new MrcWriteOptions()));
    }

    /// <summary>Writes a whole volume read from any source to a file, a few sections at a time.</summary>
    /// <param name="path">The file to write.</param>
    /// <param name="source">The volume.</param>
    /// <param name="options">The mode, labels, origin and whether to overwrite; defaults when null.</param>
    /// <param name="cancellationToken">Cancels the copy.</param>
    /// <returns>The statistics of the values as stored.</returns>
    public static async Task<VolumeStatistics> WriteAsync(string path, IVolumeSource source, MrcWriteOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        await using MrcWriter writer = Create(path, source.Info.Shape, source.Info.VoxelSize, options);
        return await writer.CopyFromAsync(source, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Writes a whole volume read from any source to a stream, a few sections at a time.</summary>
    /// <param name="stream">A writable stream.</param>
    /// <param name="source">The volume.</param>
    /// <param name="options">The mode, labels and origin; defaults when null.</param>
    /// <param name="cancellationToken">Cancels the copy.</param>
    /// <returns>The statistics of the values as stored.</returns>
    public static async Task<VolumeStatistics> WriteAsync(Stream stream, IVolumeSource source, MrcWriteOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        await using MrcWriter writer = Create(stream, source.Info.Shape, source.Info.VoxelSize, options, leaveOpen: true);
        return await writer.CopyFromAsync(source, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Appends whole sections, in z order.</summary>
    /// <param name="sections">One or more whole sections, (y, x) each, C order.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the sections are written.</returns>
    /// <exception cref="ArgumentException">The length is not a whole number of sections, or there are more sections than the volume has.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A value cannot be stored in the mode (NaN or out of range for an integer mode).</exception>
    public async ValueTask WriteSectionsAsync(ReadOnlyMemory<float> sections, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(this.disposed, this);
        long sectionVoxels = this.Shape.SectionVoxelCount;
        if (sections.Length % sectionVoxels != 0 || this.SectionsWritten + (sections.Length / sectionVoxels) > this.Shape.Z)
        {
            throw new ArgumentException(
                $"Write whole {this.Shape.Y}×{this.Shape.X} sections ({sectionVoxels} voxels each), at most {this.Shape.Z - this.SectionsWritten} more; got {sections.Length} voxels.",
                nameof(sections));
        }

        int step = (int)Math.Min(StepVoxels, this.Shape.VoxelCount);
        this.stored ??= ArrayPool<byte>.Shared.Rent(step * this.elementSize);
        this.storedValues ??= ArrayPool<float>.Shared.Rent(step);
        for (int start = 0; start < sections.Length; start += step)
        {
            int length = Math.Min(step, sections.Length - start);
            Memory<byte> bytes = this.stored.AsMemory(0, length * this.elementSize);
            ReadOnlySpan<float> values = MrcElements.FromSingle(sections.Span.Slice(start, length), this.header.Mode, bytes.Span, this.storedValues);
            this.statistics.Add(values);
            await this.stream.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
        }

        this.SectionsWritten += (int)(sections.Length / sectionVoxels);
    }

    /// <summary>Finishes the volume: checks every section was written and fills in the header statistics.</summary>
    /// <param name="cancellationToken">Cancels the header update.</param>
    /// <returns>The statistics of the values as stored.</returns>
    /// <exception cref="InvalidOperationException">Fewer sections were written than the volume has.</exception>
    public async ValueTask<VolumeStatistics> CompleteAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(this.disposed, this);
        if (this.SectionsWritten != this.Shape.Z)
        {
            throw new InvalidOperationException($"Only {this.SectionsWritten} of {this.Shape.Z} sections were written.");
        }

        VolumeStatistics result = this.statistics.ToStatistics();
        if (!this.completed && this.stream.CanSeek)
        {
            long end = this.stream.Position;
            this.stream.Position = end - this.header.DataOffset - this.header.DataBytes;
            byte[] final = HeaderBytes(this.header with
            {
                DMin = (float)result.Min,
                DMax = (float)result.Max,
                DMean = (float)result.Mean,
                Rms = (float)result.StandardDeviation,
            });
            await this.stream.WriteAsync(final, cancellationToken).ConfigureAwait(false);
            this.stream.Position = end;
        }

        await this.stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        this.completed = true;
        return result;
    }

    /// <summary>Closes the file or stream; a volume not completed is left with its data short, which readers refuse as truncated.</summary>
    public void Dispose()
    {
        if (!this.disposed)
        {
            this.disposed = true;
            this.ReturnBuffers();
            if (!this.leaveOpen)
            {
                this.stream.Dispose();
            }
        }
    }

    /// <summary>Closes the file or stream; a volume not completed is left with its data short, which readers refuse as truncated.</summary>
    /// <returns>A task that completes when the stream is closed.</returns>
    public async ValueTask DisposeAsync()
    {
        if (!this.disposed)
        {
            this.disposed = true;
            this.ReturnBuffers();
            if (!this.leaveOpen)
            {
                await this.stream.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    static MrcWriter Start(Stream stream, bool leaveOpen, MrcHeader header)
    {
        MrcWriter writer = new(stream, leaveOpen, header);
        try
        {
            stream.Write(HeaderBytes(header));
            return writer;
        }
        catch
        {
            writer.Dispose();
            throw;
        }
    }

    static MrcHeader BuildHeader(Shape3 shape, VoxelSizeAngstrom voxelSize, MrcWriteOptions options)
    {
        if (!shape.IsPositive || shape.X > MrcValidator.MaxAxisLength || shape.Y > MrcValidator.MaxAxisLength || shape.Z > MrcValidator.MaxAxisLength)
        {
            throw new ArgumentOutOfRangeException(nameof(shape), shape, $"Every extent must be between 1 and {MrcValidator.MaxAxisLength}.");
        }

        if (!(voxelSize.X > 0 && voxelSize.Y > 0 && voxelSize.Z > 0 && double.IsFinite(voxelSize.X) && double.IsFinite(voxelSize.Y) && double.IsFinite(voxelSize.Z)))
        {
            throw new ArgumentOutOfRangeException(nameof(voxelSize), voxelSize, "The voxel size must be positive and finite.");
        }

        if (!MrcModes.IsReadable(options.Mode))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Mode, $"Mode {(int)options.Mode} cannot be written: write {MrcModes.ReadableList}.");
        }

        if (options.Labels.Count > MrcHeader.MaxLabels)
        {
            throw new ArgumentException($"An MRC header holds at most {MrcHeader.MaxLabels} labels, not {options.Labels.Count}.", nameof(options));
        }

        return new MrcHeader
        {
            Nx = shape.X,
            Ny = shape.Y,
            Nz = shape.Z,
            Mode = options.Mode,
            Sampling = new Index3(shape.Z, shape.Y, shape.X),
            CellLengths = new Vector3((float)(shape.X * voxelSize.X), (float)(shape.Y * voxelSize.Y), (float)(shape.Z * voxelSize.Z)),
            CellAngles = new Vector3(90, 90, 90),
            MapC = 1,
            MapR = 2,
            MapS = 3,

            // MRC2014's "statistics undetermined", kept where the header cannot be rewritten at the end.
            DMin = 0,
            DMax = -1,
            DMean = -2,
            Rms = -1,
            SpaceGroup = 1,
            Version = MrcHeader.CurrentVersion,
            Origin = options.Origin,
            MachineStamp = MrcHeader.LittleEndianStamp,
            LabelCount = options.Labels.Count,
            Labels = options.Labels,
            ByteOrder = MrcByteOrder.LittleEndian,
        };
    }

    static byte[] HeaderBytes(MrcHeader values)
    {
        byte[] bytes = new byte[MrcHeader.Size];
        values.Write(bytes);
        return bytes;
    }

    async Task<VolumeStatistics> CopyFromAsync(IVolumeSource source, CancellationToken cancellationToken)
    {
        Shape3 shape = this.Shape;
        int sectionsPerSlab = (int)Math.Clamp(StepVoxels / shape.SectionVoxelCount, 1, shape.Z);
        float[] slab = new float[sectionsPerSlab * shape.SectionVoxelCount];
        for (int z = 0; z < shape.Z; z += sectionsPerSlab)
        {
            Box3 region = new(new Index3(z, 0, 0), shape with { Z = Math.Min(sectionsPerSlab, shape.Z - z) });
            Memory<float> voxels = slab.AsMemory(0, (int)region.Size.VoxelCount);
            await source.ReadAsync(region, voxels, cancellationToken).ConfigureAwait(false);
            await this.WriteSectionsAsync(voxels, cancellationToken).ConfigureAwait(false);
        }

        return await this.CompleteAsync(cancellationToken).ConfigureAwait(false);
    }

    void ReturnBuffers()
    {
        if (this.stored is not null)
        {
            ArrayPool<byte>.Shared.Return(this.stored);
            this.stored = null;
        }

        if (this.storedValues is not null)
        {
            ArrayPool<float>.Shared.Return(this.storedValues);
            this.storedValues = null;
        }
    }
}
