using System.Numerics;
using CzPick.Core.Geometry;
using CzPick.Core.Volumes;
using CzPick.Core.Volumes.Mrc;

namespace CzPick.Core.Tests.Volumes.Mrc;

public sealed class MrcWriterTests : IDisposable
{
    /// <summary>Set to 1 to rewrite Fixtures/mrc/written/ after a deliberate change to the writer (then rerun check_written.py).</summary>
    const string RegenerateVariable = "CZPICK_REGENERATE_FIXTURES";

    static readonly Shape3 Shape = new(3, 4, 5);

    readonly TempDirectory directory = new();

    public static TheoryData<MrcMode> Modes => [MrcMode.Int8, MrcMode.Int16, MrcMode.Float32, MrcMode.UInt16, MrcMode.Float16];

    public void Dispose() => this.directory.Dispose();

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task WriteAsync_EveryMode_ByteForByteTheFileMrcfileAccepted(MrcMode mode)
    {
        using MemoryStream written = new();
        await MrcWriter.WriteAsync(written, Pattern(mode), new MrcWriteOptions { Mode = mode, Labels = ["CzPick writer fixture"] });

        string golden = Path.Combine(MrcFixtures.Folder, "written", $"mode{(int)mode}.mrc");
        if (Environment.GetEnvironmentVariable(RegenerateVariable) == "1")
        {
            await File.WriteAllBytesAsync(golden, written.ToArray());
        }

        Assert.Equal(await File.ReadAllBytesAsync(golden), written.ToArray());
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task WriteAsync_EveryMode_ReadsBackTheStoredValues(MrcMode mode)
    {
        string path = this.directory.File("volume.mrc");
        DenseVolume volume = Pattern(mode);

        VolumeStatistics written = await MrcWriter.WriteAsync(path, volume, new MrcWriteOptions { Mode = mode });

        using MrcReader reader = MrcFile.Open(path);
        float[] voxels = new float[Shape.VoxelCount];
        await reader.ReadAsync(Box3.Whole(Shape), voxels);
        float[] stored = [.. volume.Voxels.Select(v => mode == MrcMode.Float16 ? (float)(Half)v : v)];
        Assert.Equal(stored, voxels);
        Assert.Equal(VolumeStatistics.Compute(stored), written);
        Assert.Equal(mode, reader.Header.Mode);
        Assert.Empty(reader.Warnings);
    }

    [Theory]
    [InlineData(10.012)]
    [InlineData(13.48)]
    [InlineData(0.7)]
    public async Task WriteAsync_DecimalVoxelSize_ReadBackAsThatDecimalNotItsFloat32(double size)
    {
        // The header holds float32; (double)10.012f is 10.0120000839…, which would shift every pick in Å away from
        // those of a Zarr store whose JSON says 10.012.
        string path = this.directory.File("volume.mrc");
        DenseVolume volume = Pattern(MrcMode.Float32);

        await MrcWriter.WriteAsync(path, new DenseVolume(volume.Info with { VoxelSize = VoxelSizeAngstrom.Isotropic(size) }, volume.Voxels), new MrcWriteOptions());

        Assert.NotEqual(size, (double)(float)size);
        Assert.Equal(VoxelSizeAngstrom.Isotropic(size), MrcFile.Inspect(path).Header!.VoxelSize);
    }

    [Fact]
    public async Task WriteAsync_Float32_HeaderAsMrc2014Asks()
    {
        string path = this.directory.File("volume.mrc");
        DenseVolume volume = Pattern(MrcMode.Float32);
        MrcWriteOptions options = new() { Labels = ["first", "second"], Origin = new Vector3(1, 2, 3) };

        VolumeStatistics statistics = await MrcWriter.WriteAsync(path, new DenseVolume(volume.Info with { VoxelSize = new VoxelSizeAngstrom(2, 3, 4) }, volume.Voxels), options);

        MrcHeader header = MrcFile.Inspect(path).Header!;
        Assert.Equal((5, 4, 3, MrcMode.Float32), (header.Nx, header.Ny, header.Nz, header.Mode));
        Assert.Equal(new Index3(3, 4, 5), header.Sampling);
        Assert.Equal(new Vector3(10, 12, 12), header.CellLengths);
        Assert.Equal(new Vector3(90, 90, 90), header.CellAngles);
        Assert.Equal((1, 2, 3), (header.MapC, header.MapR, header.MapS));
        Assert.Equal(20141, header.Version);
        Assert.Equal("MAP ", header.MapId);
        Assert.Equal(MrcHeader.LittleEndianStamp, header.MachineStamp);
        Assert.Equal(new Vector3(1, 2, 3), header.Origin);
        Assert.Equal(new[] { "first", "second" }, header.Labels);
        Assert.Equal(new VoxelSizeAngstrom(2, 3, 4), header.VoxelSize);
        Assert.Equal((float)statistics.Min, header.DMin);
        Assert.Equal((float)statistics.Max, header.DMax);
        Assert.Equal((float)statistics.Mean, header.DMean);
        Assert.Equal((float)statistics.StandardDeviation, header.Rms);
        Assert.Empty(MrcValidator.CheckStatistics(header, statistics));
    }

    [Fact]
    public async Task WriteSectionsAsync_OneSectionAtATime_SameBytesAsAllAtOnce()
    {
        DenseVolume volume = Pattern(MrcMode.Int16);
        using MemoryStream whole = new();
        await MrcWriter.WriteAsync(whole, volume, new MrcWriteOptions { Mode = MrcMode.Int16 });

        using MemoryStream streamed = new();
        await using (MrcWriter writer = MrcWriter.Create(streamed, Shape, volume.Info.VoxelSize, new MrcWriteOptions { Mode = MrcMode.Int16 }, leaveOpen: true))
        {
            for (int z = 0; z < Shape.Z; z++)
            {
                await writer.WriteSectionsAsync(volume.Voxels.AsMemory(z * (int)Shape.SectionVoxelCount, (int)Shape.SectionVoxelCount));
            }

            await writer.CompleteAsync();
        }

        Assert.Equal(whole.ToArray(), streamed.ToArray());
    }

    [Fact]
    public void Create_ExistingFile_RefusedInMrcfilesWords()
    {
        string path = this.directory.File("exists.mrc");
        File.WriteAllText(path, "keep me");

        IOException error = Assert.Throws<IOException>(() => MrcWriter.Create(path, Shape, VoxelSizeAngstrom.Isotropic(1)));

        Assert.Equal($"File '{path}' already exists; set MrcWriteOptions.Overwrite to overwrite it", error.Message);
        Assert.Equal("keep me", File.ReadAllText(path));
    }

    [Fact]
    public async Task WriteAsync_ExistingFileWithOverwrite_Replaced()
    {
        string path = this.directory.File("exists.mrc");
        File.WriteAllText(path, "replace me");

        await MrcWriter.WriteAsync(path, Pattern(MrcMode.Float32), new MrcWriteOptions { Overwrite = true });

        using MrcReader reader = MrcFile.Open(path);
        Assert.Equal(Shape, reader.Info.Shape);
    }

    [Fact]
    public async Task Dispose_BeforeComplete_ReadersRefuseTheTruncatedFile()
    {
        string path = this.directory.File("partial.mrc");
        await using (MrcWriter writer = MrcWriter.Create(path, Shape, VoxelSizeAngstrom.Isotropic(1)))
        {
            await writer.WriteSectionsAsync(new float[Shape.SectionVoxelCount]);
        }

        VolumeFormatException error = Assert.Throws<VolumeFormatException>(() => MrcFile.Open(path));
        Assert.Contains("Expected 240 bytes of data (5 × 4 × 3 float32) but the file holds only 80", error.Message);
    }

    [Fact]
    public async Task CompleteAsync_SectionsMissing_Refused()
    {
        await using MrcWriter writer = MrcWriter.Create(new MemoryStream(), Shape, VoxelSizeAngstrom.Isotropic(1));
        await writer.WriteSectionsAsync(new float[Shape.SectionVoxelCount * 2]);

        InvalidOperationException error = await Assert.ThrowsAsync<InvalidOperationException>(async () => await writer.CompleteAsync());

        Assert.Equal("Only 2 of 3 sections were written.", error.Message);
    }

    [Theory]
    [InlineData(19)]
    [InlineData(80)]
    public async Task WriteSectionsAsync_NotWholeSectionsOrTooMany_Refused(int voxels)
    {
        await using MrcWriter writer = MrcWriter.Create(new MemoryStream(), Shape, VoxelSizeAngstrom.Isotropic(1));

        ArgumentException error = await Assert.ThrowsAsync<ArgumentException>(async () => await writer.WriteSectionsAsync(new float[voxels]));

        Assert.StartsWith("Write whole 4×5 sections (20 voxels each), at most 3 more;", error.Message);
    }

    [Theory]
    [InlineData(MrcMode.Int8, 127.6f)]
    [InlineData(MrcMode.Int8, -128.6f)]
    [InlineData(MrcMode.Int16, float.NaN)]
    [InlineData(MrcMode.UInt16, -1f)]
    [InlineData(MrcMode.Float16, 70000f)]
    public async Task WriteSectionsAsync_ValueTheModeCannotHold_RefusedNotClamped(MrcMode mode, float value)
    {
        await using MrcWriter writer = MrcWriter.Create(new MemoryStream(), Shape, VoxelSizeAngstrom.Isotropic(1), new MrcWriteOptions { Mode = mode });
        float[] section = new float[Shape.SectionVoxelCount];
        section[7] = value;

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await writer.WriteSectionsAsync(section));
    }

    [Fact]
    public async Task WriteAsync_Int16_RoundsHalvesToEven()
    {
        float[] values = [.. Enumerable.Range(0, (int)Shape.VoxelCount).Select(i => (i % 4) switch { 0 => 2.5f, 1 => 3.5f, 2 => -2.5f, _ => 0.4f })];
        string path = this.directory.File("rounded.mrc");

        await MrcWriter.WriteAsync(path, new DenseVolume(new VolumeInfo("r", Shape, VoxelSizeAngstrom.Isotropic(1), "memory", "float32"), values), new MrcWriteOptions { Mode = MrcMode.Int16 });

        using MrcReader reader = MrcFile.Open(path);
        float[] read = new float[Shape.VoxelCount];
        await reader.ReadAsync(Box3.Whole(Shape), read);
        Assert.Equal(new[] { 2f, 4f, -2f, 0f }, read[..4]);
    }

    [Fact]
    public async Task CompleteAsync_StreamThatCannotSeek_StatisticsMarkedUndetermined()
    {
        using MemoryStream bytes = new();
        await MrcWriter.WriteAsync(new ForwardOnlyStream(bytes), Pattern(MrcMode.Float32));

        MrcHeader header = MrcValidator.Inspect(bytes.ToArray(), bytes.Length).Header!;

        Assert.Equal((0f, -1f, -2f, -1f), (header.DMin, header.DMax, header.DMean, header.Rms));
    }

    [Fact]
    public void Create_ElevenLabels_Refused()
    {
        MrcWriteOptions options = new() { Labels = [.. Enumerable.Repeat("label", 11)] };

        ArgumentException error = Assert.Throws<ArgumentException>(() => MrcWriter.Create(new MemoryStream(), Shape, VoxelSizeAngstrom.Isotropic(1), options));

        Assert.StartsWith("An MRC header holds at most 10 labels, not 11.", error.Message);
    }

    [Theory]
    [InlineData("é is not ASCII")]
    [InlineData("this label is far too long for the eighty bytes that an MRC2014 header gives each label")]
    public void Create_LabelNotEightyAsciiCharacters_Refused(string label)
    {
        ArgumentException error = Assert.Throws<ArgumentException>(() =>
            MrcWriter.Create(new MemoryStream(), Shape, VoxelSizeAngstrom.Isotropic(1), new MrcWriteOptions { Labels = [label] }));

        Assert.Contains("must be at most 80 printable ASCII characters", error.Message);
    }

    [Fact]
    public void Create_ComplexMode_Refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            MrcWriter.Create(new MemoryStream(), Shape, VoxelSizeAngstrom.Isotropic(1), new MrcWriteOptions { Mode = MrcMode.Complex64 }));
    }

    [Fact]
    public void Create_ZeroVoxelSize_Refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => MrcWriter.Create(new MemoryStream(), Shape, VoxelSizeAngstrom.Isotropic(0)));
    }

    /// <summary>
    /// The writer fixtures' values, voxel i of the (3, 4, 5) volume; check_written.py computes the same with numpy and
    /// compares them to what mrcfile reads from Fixtures/mrc/written/.
    /// </summary>
    static DenseVolume Pattern(MrcMode mode)
    {
        float[] voxels = [.. Enumerable.Range(0, (int)Shape.VoxelCount).Select(i => mode switch
        {
            MrcMode.Int8 => (float)((i * 37 % 256) - 128),
            MrcMode.Int16 => (i * 1103 % 65536) - 32768,
            MrcMode.UInt16 => i * 1103 % 65536,
            MrcMode.Float16 => (float)((i - 30) * 0.3),
            _ => ((i * i) - (29.5f * i)) / 8,
        })];
        return new DenseVolume(new VolumeInfo("pattern", Shape, VoxelSizeAngstrom.Isotropic(10.012), "memory", "float32"), voxels);
    }

    /// <summary>A stream that can only be written forward, like a network upload.</summary>
    sealed class ForwardOnlyStream(Stream inner) : Stream
    {
        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);

        public override void Flush() => inner.Flush();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
