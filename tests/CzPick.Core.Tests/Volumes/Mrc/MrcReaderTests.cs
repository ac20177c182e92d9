using CzPick.Core.Geometry;
using CzPick.Core.Volumes;
using CzPick.Core.Volumes.Mrc;

namespace CzPick.Core.Tests.Volumes.Mrc;

/// <summary>
/// What every way of opening an MRC volume must do, checked against the values mrcfile read from the fixtures.
/// <see cref="MrcReaderTests"/> runs it over a stream, <see cref="MrcFileTests"/> over a file.
/// </summary>
public abstract class MrcReaderContractTests
{
    [Theory]
    [MemberData(nameof(MrcFixtures.Names), MemberType = typeof(MrcFixtures))]
    public void Open_Fixture_HeaderAsMrcfileReadIt(string name)
    {
        MrcFixture expected = MrcFixtures.Expected(name);

        using MrcReader reader = this.Open(MrcFixtures.PathOf(name));

        MrcHeader header = reader.Header;
        Assert.Equal((expected.Nx, expected.Ny, expected.Nz, expected.Mode), (header.Nx, header.Ny, header.Nz, (int)header.Mode));
        Assert.Equal(new Shape3(expected.Shape[0], expected.Shape[1], expected.Shape[2]), reader.Info.Shape);
        // mrcfile gives the float32 (10.0120000839…); CzPick its seven-digit decimal (10.012): equal to float32's precision.
        Assert.Equal(expected.VoxelSize[0], reader.Info.VoxelSize.X, 1e-6 * expected.VoxelSize[0]);
        Assert.Equal(expected.VoxelSize[1], reader.Info.VoxelSize.Y, 1e-6 * expected.VoxelSize[1]);
        Assert.Equal(expected.VoxelSize[2], reader.Info.VoxelSize.Z, 1e-6 * expected.VoxelSize[2]);
        Assert.Equal(expected.ByteOrder == "big" ? MrcByteOrder.BigEndian : MrcByteOrder.LittleEndian, header.ByteOrder);
        Assert.Equal(expected.ByteOrderAssumed, header.ByteOrderAssumed);
        Assert.Equal(expected.ExtendedHeaderBytes, header.ExtendedHeaderBytes);
        Assert.Equal(expected.ExtendedHeaderType, header.ExtendedHeaderType);
        Assert.Equal(expected.Axes, new[] { header.MapC, header.MapR, header.MapS });
        Assert.Equal(expected.Origin, new double[] { header.Origin.X, header.Origin.Y, header.Origin.Z });
        Assert.Equal(expected.Labels.Select(label => label.TrimEnd()), header.Labels);
        Assert.Equal(Path.GetFileNameWithoutExtension(MrcFixtures.PathOf(name)), reader.Info.Name);
        Assert.Equal("MRC2014", reader.Info.Format);
    }

    [Theory]
    [MemberData(nameof(MrcFixtures.Names), MemberType = typeof(MrcFixtures))]
    public async Task ReadAsync_WholeVolume_EveryVoxelAsMrcfileReadIt(string name)
    {
        MrcFixture expected = MrcFixtures.Expected(name);
        using MrcReader reader = this.Open(MrcFixtures.PathOf(name));

        float[] voxels = await ReadWholeAsync(reader);

        Assert.Equal(expected.Voxels.Select(v => (float)v), voxels);
    }

    [Theory]
    [MemberData(nameof(MrcFixtures.Names), MemberType = typeof(MrcFixtures))]
    public async Task ComputeAsync_Fixture_StatisticsAsNumpyComputedThem(string name)
    {
        MrcFixture expected = MrcFixtures.Expected(name);
        using MrcReader reader = this.Open(MrcFixtures.PathOf(name));

        VolumeStatistics statistics = await VolumeStatistics.ComputeAsync(reader);

        Assert.Equal(expected.Count, statistics.Count);
        Assert.Equal(expected.Min, statistics.Min);
        Assert.Equal(expected.Max, statistics.Max);
        Assert.Equal(expected.Mean, statistics.Mean, Math.Abs(expected.Mean) * 1e-12);
        Assert.Equal(expected.Std, statistics.StandardDeviation, expected.Std * 1e-12);
    }

    [Theory]
    [MemberData(nameof(MrcFixtures.Names), MemberType = typeof(MrcFixtures))]
    public async Task ReadAsync_AnyRegion_EqualsThatPartOfTheWholeRead(string name)
    {
        using MrcReader reader = this.Open(MrcFixtures.PathOf(name));
        float[] whole = await ReadWholeAsync(reader);

        foreach (Box3 region in SomeRegions(reader.Info.Shape, seed: name.Length))
        {
            float[] part = new float[region.Size.VoxelCount];
            await reader.ReadAsync(region, part);

            float[] expected = new float[region.Size.VoxelCount];
            VolumeRegion.Copy(whole, reader.Info.Shape, region, expected);
            Assert.Equal(expected, part);
        }
    }

    [Theory]
    [InlineData("mode2_float32")]
    [InlineData("mode1_int16_be")]
    [InlineData("float32_axes_312")]
    public async Task ReadAsync_OneRowPerRead_SameVoxels(string name)
    {
        using MrcReader normal = this.Open(MrcFixtures.PathOf(name));
        using MrcReader rowByRow = this.Open(MrcFixtures.PathOf(name), new MrcReadOptions { MaxReadBytes = 1, MaxGapBytes = 0 });

        foreach (Box3 region in SomeRegions(normal.Info.Shape, seed: 3))
        {
            float[] expected = new float[region.Size.VoxelCount];
            float[] actual = new float[region.Size.VoxelCount];
            await normal.ReadAsync(region, expected);
            await rowByRow.ReadAsync(region, actual);
            Assert.Equal(expected, actual);
        }
    }

    [Fact]
    public async Task ReadAsync_ConcurrentReads_EachGetsItsRegion()
    {
        using MrcReader reader = this.Open(MrcFixtures.PathOf("mode1_int16_be"));
        float[] whole = await ReadWholeAsync(reader);
        Shape3 shape = reader.Info.Shape;

        float[][] sections = await Task.WhenAll(Enumerable.Range(0, shape.Z).Select(z => Task.Run(async () =>
        {
            float[] section = new float[shape.SectionVoxelCount];
            await reader.ReadAsync(new Box3(new Index3(z, 0, 0), shape with { Z = 1 }), section);
            return section;
        })));

        Assert.Equal(whole, sections.SelectMany(section => section));
    }

    [Fact]
    public async Task ReadAsync_RegionOutsideTheVolume_Refused()
    {
        using MrcReader reader = this.Open(MrcFixtures.PathOf("mode2_float32"));
        Box3 region = new(new Index3(2, 0, 0), new Shape3(2, 1, 1));

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await reader.ReadAsync(region, new float[2]));
    }

    [Fact]
    public async Task ReadAsync_DestinationOfWrongLength_Refused()
    {
        using MrcReader reader = this.Open(MrcFixtures.PathOf("mode2_float32"));

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await reader.ReadAsync(Box3.Whole(reader.Info.Shape), new float[7]));
    }

    [Fact]
    public async Task ReadAsync_AfterDispose_Refused()
    {
        MrcReader reader = this.Open(MrcFixtures.PathOf("mode2_float32"));
        reader.Dispose();

        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await reader.ReadAsync(Box3.Whole(reader.Info.Shape), new float[60]));
    }

    [Fact]
    public void Open_ComplexMode_RefusedNamingTheFile()
    {
        string path = MrcFixtures.PathOf("mode4_complex64");

        VolumeFormatException error = Assert.Throws<VolumeFormatException>(() => this.Open(path));

        Assert.Equal(path, error.SourceName);
        Assert.StartsWith($"{path}: Mode 4 is complex64, not an image", error.Message);
        Assert.Contains("2 (float32)", error.Message);
    }

    [Theory]
    [InlineData("float32_stamp_zeroed", "is zeroed", "assumed little-endian")]
    [InlineData("int16_be_stamp_zeroed", "is zeroed", "assumed big-endian")]
    [InlineData("float32_be_stamp_says_little", "declares little-endian", "assumed big-endian")]
    [InlineData("float32_sampling_zero", "mx, my, mz = (0, 0, 0)", "cella / volume extent")]
    public void Open_FaultyButReadable_WarnsWhatWasAssumed(string name, string fault, string assumption)
    {
        using MrcReader reader = this.Open(MrcFixtures.PathOf(name));

        MrcIssue warning = Assert.Single(reader.Warnings, issue => issue.Message.Contains(fault, StringComparison.Ordinal));
        Assert.Contains(assumption, warning.Message);
        Assert.Equal(MrcIssueSeverity.Warning, warning.Severity);
    }

    [Fact]
    public void Open_CleanFile_NoWarnings()
    {
        using MrcReader reader = this.Open(MrcFixtures.PathOf("mode2_float32_be"));

        Assert.Empty(reader.Warnings);
    }

    /// <summary>Opens a file the way the derived class tests.</summary>
    /// <param name="path">The file.</param>
    /// <param name="options">The read options.</param>
    /// <returns>The reader.</returns>
    protected abstract MrcReader Open(string path, MrcReadOptions? options = null);

    static async Task<float[]> ReadWholeAsync(MrcReader reader)
    {
        float[] voxels = new float[reader.Info.Shape.VoxelCount];
        await reader.ReadAsync(Box3.Whole(reader.Info.Shape), voxels);
        return voxels;
    }

    /// <summary>The whole volume, single voxels at the corners, single rows and columns, and random boxes.</summary>
    static IEnumerable<Box3> SomeRegions(Shape3 shape, int seed)
    {
        yield return Box3.Whole(shape);
        yield return new Box3(Index3.Zero, new Shape3(1, 1, 1));
        yield return new Box3(new Index3(shape.Z - 1, shape.Y - 1, shape.X - 1), new Shape3(1, 1, 1));
        yield return new Box3(new Index3(0, shape.Y - 1, 0), new Shape3(shape.Z, 1, shape.X));
        yield return new Box3(new Index3(0, 0, shape.X - 1), new Shape3(shape.Z, shape.Y, 1));
        Random random = new(seed);
        for (int i = 0; i < 20; i++)
        {
            Index3 start = new(random.Next(shape.Z), random.Next(shape.Y), random.Next(shape.X));
            Index3 end = new(random.Next(start.Z, shape.Z) + 1, random.Next(start.Y, shape.Y) + 1, random.Next(start.X, shape.X) + 1);
            yield return Box3.FromBounds(start, end);
        }
    }
}

/// <summary>The reader over a stream: the contract, plus how it uses the stream.</summary>
public sealed class MrcReaderTests : MrcReaderContractTests
{
    [Fact]
    public void Open_Stream_ReadsTheHeaderOnly()
    {
        using RecordingStream stream = new(File.ReadAllBytes(MrcFixtures.PathOf("mode2_float32")));

        using MrcReader reader = MrcReader.Open(stream, "mode2_float32.mrc");

        Assert.Equal([(0L, MrcHeader.Size)], stream.Reads);
    }

    [Fact]
    public async Task OpenAsync_Stream_SameHeaderAsOpen()
    {
        byte[] file = File.ReadAllBytes(MrcFixtures.PathOf("float32_extended_header"));

        using MrcReader synchronous = MrcReader.Open(new MemoryStream(file), "x.mrc");
        using MrcReader asynchronous = await MrcReader.OpenAsync(new MemoryStream(file), "x.mrc");

        Assert.Equal(synchronous.Header with { Labels = [] }, asynchronous.Header with { Labels = [] });
        Assert.Equal(synchronous.Header.Labels, asynchronous.Header.Labels);
    }

    [Fact]
    public async Task ReadAsync_WholeSections_OneReadOfExactlyThoseBytes()
    {
        (RecordingStream stream, Shape3 shape) = await WriteRampAsync(new Shape3(20, 64, 80));
        using MrcReader reader = MrcReader.Open(stream, "ramp.mrc");
        stream.Reads.Clear();

        Box3 slab = new(new Index3(5, 0, 0), shape with { Z = 5 });
        float[] voxels = new float[slab.Size.VoxelCount];
        await reader.ReadAsync(slab, voxels);

        long sectionBytes = shape.SectionVoxelCount * sizeof(float);
        Assert.Equal([(MrcHeader.Size + (5 * sectionBytes), (int)(5 * sectionBytes))], stream.Reads);
        Assert.Equal(Enumerable.Range((int)(5 * shape.SectionVoxelCount), voxels.Length).Select(i => (float)i), voxels);
    }

    [Fact]
    public async Task ReadAsync_NarrowBlock_OneReadSpanningItsRows()
    {
        (RecordingStream stream, Shape3 shape) = await WriteRampAsync(new Shape3(20, 64, 80));
        using MrcReader reader = MrcReader.Open(stream, "ramp.mrc");
        stream.Reads.Clear();

        Box3 block = new(new Index3(2, 10, 20), new Shape3(16, 30, 40));
        await reader.ReadAsync(block, new float[block.Size.VoxelCount]);

        long first = MrcHeader.Size + (shape.IndexOf(2, 10, 20) * sizeof(float));
        long end = MrcHeader.Size + ((shape.IndexOf(17, 39, 59) + 1) * sizeof(float));
        Assert.Equal([(first, (int)(end - first))], stream.Reads);
    }

    [Fact]
    public async Task ReadAsync_SmallReadLimit_SplitsIntoRunsOfWholeRows()
    {
        (RecordingStream stream, Shape3 shape) = await WriteRampAsync(new Shape3(4, 30, 50));
        int rowBytes = shape.X * sizeof(float);
        using MrcReader reader = MrcReader.Open(stream, "ramp.mrc", new MrcReadOptions { MaxReadBytes = 7 * rowBytes });
        stream.Reads.Clear();

        float[] voxels = new float[shape.VoxelCount];
        await reader.ReadAsync(Box3.Whole(shape), voxels);

        Assert.All(stream.Reads, read => Assert.True(read.Count <= 7 * rowBytes && read.Count % rowBytes == 0));
        Assert.Equal(shape.VoxelCount * sizeof(float), stream.Reads.Sum(read => (long)read.Count));
        Assert.Equal(Enumerable.Range(0, voxels.Length).Select(i => (float)i), voxels);
    }

    [Fact]
    public void Open_StreamThatCannotSeek_Refused()
    {
        using RecordingStream stream = new(File.ReadAllBytes(MrcFixtures.PathOf("mode2_float32")), canSeek: false);

        ArgumentException error = Assert.Throws<ArgumentException>(() => MrcReader.Open(stream, "x.mrc"));

        Assert.Contains("seekable", error.Message);
    }

    [Fact]
    public void Dispose_LeaveOpen_StreamStaysOpen()
    {
        using RecordingStream stream = new(File.ReadAllBytes(MrcFixtures.PathOf("mode2_float32")));

        MrcReader.Open(stream, "x.mrc", leaveOpen: true).Dispose();

        Assert.True(stream.CanRead);
    }

    /// <inheritdoc/>
    protected override MrcReader Open(string path, MrcReadOptions? options = null) =>
        MrcReader.Open(new RecordingStream(File.ReadAllBytes(path)), path, options);

    /// <summary>Writes a float32 volume whose voxel i holds i, into a recording stream.</summary>
    static async Task<(RecordingStream Stream, Shape3 Shape)> WriteRampAsync(Shape3 shape)
    {
        DenseVolume ramp = new("ramp", shape, VoxelSizeAngstrom.Isotropic(10));
        for (int i = 0; i < ramp.Voxels.Length; i++)
        {
            ramp.Voxels[i] = i;
        }

        using MemoryStream file = new();
        await MrcWriter.WriteAsync(file, ramp);
        return (new RecordingStream(file.ToArray()), shape);
    }

    /// <summary>A read-only stream over bytes that records every read, as a blob stream would issue ranged requests.</summary>
    sealed class RecordingStream(byte[] bytes, bool canSeek = true) : Stream
    {
        readonly MemoryStream inner = new(bytes, writable: false);

        public List<(long Offset, int Count)> Reads { get; } = [];

        public override bool CanRead => this.inner.CanRead;

        public override bool CanSeek => canSeek && this.inner.CanSeek;

        public override bool CanWrite => false;

        public override long Length => this.inner.Length;

        public override long Position
        {
            get => this.inner.Position;
            set => this.inner.Position = value;
        }

        public override int Read(Span<byte> buffer)
        {
            long offset = this.inner.Position;
            int read = this.inner.Read(buffer);
            this.Reads.Add((offset, read));
            return read;
        }

        public override int Read(byte[] buffer, int offset, int count) => this.Read(buffer.AsSpan(offset, count));

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(this.Read(buffer.Span));

        public override long Seek(long offset, SeekOrigin origin) => this.inner.Seek(offset, origin);

        public override void Flush()
        {
        }

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            this.inner.Dispose();
            base.Dispose(disposing);
        }
    }
}
