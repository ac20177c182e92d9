using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using CzPick.Core.Geometry;
using CzPick.Core.Volumes;
using CzPick.Core.Volumes.Zarr;

namespace CzPick.Core.Tests.Volumes.Zarr;

public sealed class ZarrVolumeTests
{
    /// <summary>Bare arrays carry no voxel size; the tests give this one.</summary>
    static readonly ZarrReadOptions BareArray = new() { VoxelSize = VoxelSizeAngstrom.Isotropic(10) };

    public static TheoryData<string> FixtureNames => [.. ZarrFixtures.Names];

    [Theory]
    [MemberData(nameof(FixtureNames))]
    public async Task ReadAsync_StoreWrittenByZarrPython_SameValuesAsNumpy(string name)
    {
        JsonElement expected = ZarrFixtures.Expected(name);
        using ZarrVolume volume = await OpenFixtureAsync(name);

        float[] voxels = await ReadAllAsync(volume);

        int[] shape = expected.GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()).ToArray();
        Assert.Equal(new Shape3(shape[0], shape[1], shape[2]), volume.Info.Shape);
        VolumeStatistics statistics = VolumeStatistics.Compute(voxels);
        Assert.Equal(expected.GetProperty("min").GetDouble(), statistics.Min);
        Assert.Equal(expected.GetProperty("max").GetDouble(), statistics.Max);
        Assert.Equal(expected.GetProperty("mean").GetDouble(), statistics.Mean, 1e-9);
        Assert.Equal(expected.GetProperty("std").GetDouble(), statistics.StandardDeviation, 1e-9);
        double weightedSum = 0;
        for (int i = 0; i < voxels.Length; i++)
        {
            weightedSum += voxels[i] * (double)((i % 97) + 1);
        }

        Assert.Equal(expected.GetProperty("weighted_sum").GetDouble(), weightedSum, Math.Abs(weightedSum) * 1e-12);
        foreach (JsonElement point in expected.GetProperty("voxels").EnumerateArray())
        {
            long index = volume.Info.Shape.IndexOf(point.GetProperty("z").GetInt32(), point.GetProperty("y").GetInt32(), point.GetProperty("x").GetInt32());
            Assert.Equal(point.GetProperty("value").GetDouble(), voxels[index]);
        }

        if (expected.TryGetProperty("voxel_size", out JsonElement voxelSize))
        {
            Assert.Equal(VoxelSizeAngstrom.Isotropic(voxelSize.GetDouble()).X, volume.Info.VoxelSize.X, 9);
            Assert.True(volume.Info.VoxelSize.IsIsotropic);
        }
    }

    [Theory]
    [InlineData("blosc-lz4-shuffle-large.zarr")]
    [InlineData("blosc-blosclz-bitshuffle-large.zarr")]
    [InlineData("blosc-zstd-bitshuffle.zarr")]
    [InlineData("dtype-le-f2-bitshuffle.zarr")]
    [InlineData("TS_nested.zarr/0")]
    public async Task ReadAsync_SubRegions_EqualCropsOfTheWholeVolume(string name)
    {
        using ZarrVolume volume = await OpenFixtureAsync(name);
        float[] whole = await ReadAllAsync(volume);
        Shape3 shape = volume.Info.Shape;
        Random random = new(11);
        for (int trial = 0; trial < 40; trial++)
        {
            Index3 start = new(random.Next(shape.Z), random.Next(shape.Y), random.Next(shape.X));
            Shape3 size = new(random.Next(1, shape.Z - start.Z + 1), random.Next(1, shape.Y - start.Y + 1), random.Next(1, shape.X - start.X + 1));
            Box3 region = new(start, size);
            float[] part = new float[size.VoxelCount];

            await volume.ReadAsync(region, part);

            float[] crop = new float[size.VoxelCount];
            VolumeRegion.Copy(whole, shape, region, crop);
            Assert.Equal(crop, part);
        }
    }

    [Fact]
    public async Task ReadAsync_ZSlab_FetchesOnlyTheChunksItTouches()
    {
        CountingStore store = new(new DirectoryZarrStore(ZarrFixtures.Path("TS_demo.zarr")));
        using ZarrVolume volume = await ZarrVolume.OpenAsync(store);
        store.Reads.Clear();

        // Level 0 is 16×24×28 in 8×16×16 chunks: sections 9–12 lie in chunk row z = 1 only.
        Box3 slab = new(new Index3(9, 0, 0), volume.Info.Shape with { Z = 4 });
        await volume.ReadAsync(slab, new float[slab.Size.VoxelCount]);

        Assert.Equal(["0/1.0.0", "0/1.0.1", "0/1.1.0", "0/1.1.1"], store.Reads.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ReadAsync_OverlappingRegions_FetchEachChunkOnce()
    {
        CountingStore store = new(new DirectoryZarrStore(ZarrFixtures.Path("blosc-lz4-shuffle.zarr")));
        using ZarrVolume volume = await ZarrVolume.OpenAsync(store, BareArray);
        store.Reads.Clear();
        Box3 region = new(new Index3(2, 3, 4), new Shape3(8, 9, 10));

        await volume.ReadAsync(region, new float[region.Size.VoxelCount]);
        await volume.ReadAsync(region with { Start = new Index3(3, 4, 5) }, new float[region.Size.VoxelCount]);

        Assert.Equal(8, store.Reads.Count);
        Assert.All(store.Reads.Values, count => Assert.Equal(1, count));
    }

    [Fact]
    public async Task ReadAsync_CacheOff_FetchesAgain()
    {
        CountingStore store = new(new DirectoryZarrStore(ZarrFixtures.Path("blosc-lz4-shuffle.zarr")));
        using ZarrVolume volume = await ZarrVolume.OpenAsync(store, BareArray with { ChunkCacheBytes = 0 });
        Box3 region = new(new Index3(0, 0, 0), new Shape3(1, 1, 1));

        await volume.ReadAsync(region, new float[1]);
        await volume.ReadAsync(region, new float[1]);

        Assert.Equal(2, store.Reads["0.0.0"]);
    }

    [Fact]
    public async Task OpenAsync_ConsolidatedStore_ReadsMetadataFromZmetadataOnly()
    {
        CountingStore store = new(new DirectoryZarrStore(ZarrFixtures.Path("TS_consolidated.zarr")));

        using ZarrVolume volume = await ZarrVolume.OpenAsync(store, new ZarrReadOptions { Level = 2 });

        Assert.Equal([".zmetadata"], store.Reads.Keys);
        Assert.Equal(new Shape3(4, 6, 7), volume.Info.Shape);
        Assert.Equal(40.048, volume.Info.VoxelSize.Z, 9);
    }

    [Fact]
    public async Task OpenAsync_PortalLayout_DescribesLevelsAndVolume()
    {
        using ZarrVolume volume = await ZarrVolume.OpenAsync(ZarrFixtures.Path("TS_demo.zarr"));

        Assert.Equal("TS_demo", volume.Info.Name);
        Assert.Equal("OME-Zarr", volume.Info.Format);
        Assert.Equal("float32", volume.Info.ElementType);
        Assert.Equal(["0", "1", "2"], volume.Levels.Select(l => l.Path));
        Assert.Equal([10.012, 20.024, 40.048], volume.Levels.Select(l => Math.Round(l.VoxelSize!.Value.X, 9)));
        Assert.Equal(0, volume.Level);
        Assert.Equal(new Shape3(8, 16, 16), volume.ChunkShape);
        Assert.Equal("blosc zstd, byte shuffle", volume.Compression);
        Assert.Empty(volume.Assumptions);
    }

    [Fact]
    public async Task OpenAsync_ArrayFolderInsideAStore_NamedAfterTheStore()
    {
        using ZarrVolume volume = await ZarrVolume.OpenAsync(Path.Combine(ZarrFixtures.Path("TS_demo.zarr"), "1"), BareArray);

        Assert.Equal("TS_demo", volume.Info.Name);
        Assert.Equal("Zarr", volume.Info.Format);
        Assert.Equal(new Shape3(8, 12, 14), volume.Info.Shape);
    }

    [Fact]
    public async Task ReadAsync_ConcurrentReads_SameAsOneByOne()
    {
        using ZarrVolume volume = await ZarrVolume.OpenAsync(ZarrFixtures.Path("TS_demo.zarr"), new ZarrReadOptions { ChunkCacheBytes = 20_000 });
        float[] whole = await ReadAllAsync(volume);
        Shape3 shape = volume.Info.Shape;
        Box3[] slabs = [.. Enumerable.Range(0, shape.Z).Select(z => new Box3(new Index3(z, 0, 0), shape with { Z = 1 }))];
        float[][] parts = [.. slabs.Select(s => new float[s.Size.VoxelCount])];

        await Task.WhenAll(slabs.Select((slab, i) => volume.ReadAsync(slab, parts[i]).AsTask()));

        Assert.Equal(whole, parts.SelectMany(p => p));
    }

    [Fact]
    public async Task OpenAsync_NanometerAxes_ConvertsToAngstrom()
    {
        using ZarrVolume volume = await ZarrVolume.OpenAsync(ZarrFixtures.Path("TS_nanometer.zarr"));

        Assert.Equal(10.012, volume.Info.VoxelSize.X, 9);
        Assert.Empty(volume.Assumptions);
    }

    [Fact]
    public async Task OpenAsync_AxesWithoutUnit_AssumesAngstromAndSaysSo()
    {
        using ZarrVolume volume = await ZarrVolume.OpenAsync(ZarrFixtures.Path("TS_nounit.zarr"));

        Assert.Equal(10.012, volume.Info.VoxelSize.X, 9);
        Assert.Equal(["the axes have no unit; assumed Å, as the CryoET Data Portal and copick write"], volume.Assumptions);
    }

    [Fact]
    public async Task OpenAsync_VoxelSizeOption_OverridesMetadata()
    {
        using ZarrVolume volume = await ZarrVolume.OpenAsync(ZarrFixtures.Path("TS_demo.zarr"), new ZarrReadOptions { VoxelSize = VoxelSizeAngstrom.Isotropic(7) });

        Assert.Equal(VoxelSizeAngstrom.Isotropic(7), volume.Info.VoxelSize);
    }

    [Fact]
    public async Task ReadAsync_NestedChunksWithoutDeclaredSeparator_FindsThem()
    {
        // zarr-python before 2.8 wrote nested stores without "dimension_separator".
        using TempDirectory scratch = new();
        string store = ZarrFixtures.CopyStore("TS_nested.zarr", scratch);
        string path = Path.Combine(store, "0", ".zarray");
        JsonObject zarray = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        Assert.True(zarray.Remove("dimension_separator"));
        File.WriteAllText(path, zarray.ToJsonString());
        using ZarrVolume volume = await ZarrVolume.OpenAsync(store);

        float[] voxels = await ReadAllAsync(volume);

        Assert.Equal(ZarrFixtures.Expected("TS_nested.zarr/0").GetProperty("max").GetDouble(), voxels.Max());
        Assert.Equal(ZarrFixtures.Expected("TS_nested.zarr/0").GetProperty("min").GetDouble(), voxels.Min());
    }

    [Fact]
    public async Task OpenAsync_LevelOutOfRange_Throws()
    {
        VolumeFormatException error = await Assert.ThrowsAsync<VolumeFormatException>(
            () => ZarrVolume.OpenAsync(ZarrFixtures.Path("TS_demo.zarr"), new ZarrReadOptions { Level = 3 }));

        Assert.EndsWith("level 3 requested, but the store has 3 levels (0–2).", error.Message);
    }

    [Fact]
    public async Task OpenAsync_LevelArrayMissing_NamesTheMissingZarray()
    {
        using TempDirectory scratch = new();
        string store = ZarrFixtures.CopyStore("TS_demo.zarr", scratch);
        File.Delete(Path.Combine(store, "0", ".zarray"));

        VolumeFormatException error = await Assert.ThrowsAsync<VolumeFormatException>(() => ZarrVolume.OpenAsync(store));

        Assert.Equal($"{store}/0/.zarray: missing: level 0 names the array \"0\", but the store has no .zarray there.", error.Message);
    }

    [Fact]
    public async Task OpenAsync_NoMetadataAtAll_SaysNotAZarrStore()
    {
        using TempDirectory scratch = new();
        string store = ZarrFixtures.CopyStore("none.zarr", scratch);
        File.Delete(Path.Combine(store, ".zarray"));

        VolumeFormatException error = await Assert.ThrowsAsync<VolumeFormatException>(() => ZarrVolume.OpenAsync(store, BareArray));

        Assert.Equal($"{store}: not a Zarr v2 store: no .zarray, .zgroup, .zattrs or .zmetadata at its root.", error.Message);
    }

    [Fact]
    public async Task OpenAsync_ZarrVersion3_SaysOnlyVersion2IsRead()
    {
        using TempDirectory scratch = new();
        string store = scratch.File("v3.zarr");
        Directory.CreateDirectory(store);
        File.WriteAllText(Path.Combine(store, "zarr.json"), """{"zarr_format": 3, "node_type": "group"}""");

        VolumeFormatException error = await Assert.ThrowsAsync<VolumeFormatException>(() => ZarrVolume.OpenAsync(store));

        Assert.Contains("a Zarr version 3 store (zarr.json); CzPick reads Zarr version 2", error.Message);
    }

    [Fact]
    public async Task OpenAsync_GroupWithoutMultiscales_SaysWhichArrayIsUnknown()
    {
        using TempDirectory scratch = new();
        string store = ZarrFixtures.CopyStore("TS_demo.zarr", scratch);
        File.WriteAllText(Path.Combine(store, ".zattrs"), "{}");

        VolumeFormatException error = await Assert.ThrowsAsync<VolumeFormatException>(() => ZarrVolume.OpenAsync(store));

        Assert.StartsWith($"{store}/.zattrs: a Zarr group without OME-NGFF \"multiscales\" metadata", error.Message);
    }

    [Fact]
    public async Task OpenAsync_BareArrayWithoutVoxelSize_AsksForOne()
    {
        VolumeFormatException error = await Assert.ThrowsAsync<VolumeFormatException>(() => ZarrVolume.OpenAsync(ZarrFixtures.Path("none.zarr")));

        Assert.EndsWith("no voxel size: a bare array has no OME-NGFF multiscales metadata. Give one explicitly (ZarrReadOptions.VoxelSize; --voxel-size on the command line).", error.Message);
    }

    [Theory]
    [InlineData("compressor", """{"id": "bz3", "level": 1}""", "compressor \"bz3\" is not supported; CzPick reads blosc, zlib, gzip, zstd, lz4, or null (uncompressed).")]
    [InlineData("order", "\"F\"", "order is \"F\"; CzPick reads C-order (row-major) chunks only. Rewrite the array with order='C'.")]
    [InlineData("dtype", "\"<f8\"", "dtype \"<f8\" is not supported; CzPick reads <f4, <f2, <i2, <u2, |i1, |u1 (and > for big-endian).")]
    [InlineData("shape", "[2, 13, 17, 19]", "\"shape\" is [2,13,17,19]; expected three positive integers. CzPick reads 3-D (z, y, x) arrays; this one has 4 dimensions.")]
    [InlineData("zarr_format", "3", "zarr_format is 3; CzPick reads Zarr version 2.")]
    [InlineData("filters", """[{"id": "delta", "dtype": "<f4"}]""", "filters [{\"id\":\"delta\",\"dtype\":\"<f4\"}] are not supported; CzPick reads arrays without filters.")]
    [InlineData("fill_value", "\"zero\"", "fill_value \"zero\" is not a number, \"NaN\", \"Infinity\", \"-Infinity\" or null.")]
    public async Task OpenAsync_UnsupportedZarray_NamesTheField(string field, string json, string message)
    {
        using TempDirectory scratch = new();
        string store = ZarrFixtures.CopyStore("blosc-lz4-shuffle.zarr", scratch);
        EditZarray(store, field, json);

        VolumeFormatException error = await Assert.ThrowsAsync<VolumeFormatException>(() => ZarrVolume.OpenAsync(store, BareArray));

        Assert.Equal($"{store}/.zarray: {message}", error.Message);
    }

    [Fact]
    public async Task ReadAsync_ChunkShapeDisagreesWithStoredChunks_SaysDecodedSize()
    {
        using TempDirectory scratch = new();
        string store = ZarrFixtures.CopyStore("blosc-lz4-shuffle.zarr", scratch);
        EditZarray(store, "chunks", "[7, 9, 11]");
        using ZarrVolume volume = await ZarrVolume.OpenAsync(store, BareArray);

        VolumeFormatException error = await Assert.ThrowsAsync<VolumeFormatException>(() => ReadAllAsync(volume));

        // 7 × 9 × 10 float32 were written: 2520 bytes; the edited metadata expects 7 × 9 × 11 × 4 = 2772.
        Assert.EndsWith("Blosc buffer decodes to 2520 bytes; expected 2772.", error.Message);
    }

    [Fact]
    public async Task ReadAsync_TruncatedBloscChunk_SaysTruncated()
    {
        using TempDirectory scratch = new();
        string store = ZarrFixtures.CopyStore("blosc-lz4-shuffle.zarr", scratch);
        string chunk = Path.Combine(store, "1.1.0");
        byte[] bytes = File.ReadAllBytes(chunk);
        File.WriteAllBytes(chunk, bytes[..(bytes.Length - 100)]);
        using ZarrVolume volume = await ZarrVolume.OpenAsync(store, BareArray);

        VolumeFormatException error = await Assert.ThrowsAsync<VolumeFormatException>(() => ReadAllAsync(volume));

        Assert.Equal($"{chunk}: Blosc buffer truncated: its header says {bytes.Length} bytes, but only {bytes.Length - 100} are stored.", error.Message);
    }

    [Fact]
    public async Task ReadAsync_CorruptBloscHeader_SaysWhichField()
    {
        using TempDirectory scratch = new();
        string store = ZarrFixtures.CopyStore("blosc-zstd-shuffle.zarr", scratch);
        string chunk = Path.Combine(store, "0.0.0");
        byte[] bytes = File.ReadAllBytes(chunk);
        bytes[0] = 9;
        File.WriteAllBytes(chunk, bytes);
        using ZarrVolume volume = await ZarrVolume.OpenAsync(store, BareArray);

        VolumeFormatException error = await Assert.ThrowsAsync<VolumeFormatException>(() => ReadAllAsync(volume));

        Assert.Equal($"{chunk}: Blosc format version 9; expected 2 (c-blosc 1.x, as numcodecs writes).", error.Message);
    }

    [Fact]
    public async Task ReadAsync_TruncatedUncompressedChunk_SaysExpectedSize()
    {
        using TempDirectory scratch = new();
        string store = ZarrFixtures.CopyStore("none.zarr", scratch);
        string chunk = Path.Combine(store, "0.1.1");
        File.WriteAllBytes(chunk, File.ReadAllBytes(chunk)[..1000]);
        using ZarrVolume volume = await ZarrVolume.OpenAsync(store, BareArray);

        VolumeFormatException error = await Assert.ThrowsAsync<VolumeFormatException>(() => ReadAllAsync(volume));

        Assert.Equal($"{chunk}: uncompressed chunk is 1000 bytes; expected 2520 (chunks 7×9×10 × 4-byte <f4).", error.Message);
    }

    [Theory]
    [InlineData("zlib.zarr")]
    [InlineData("gzip.zarr")]
    public async Task ReadAsync_TruncatedDeflateChunk_SaysHowShort(string name)
    {
        using TempDirectory scratch = new();
        string store = ZarrFixtures.CopyStore(name, scratch);
        string chunk = Path.Combine(store, "0.0.0");
        byte[] bytes = File.ReadAllBytes(chunk);
        File.WriteAllBytes(chunk, bytes[..(bytes.Length / 2)]);
        using ZarrVolume volume = await ZarrVolume.OpenAsync(store, BareArray);

        VolumeFormatException error = await Assert.ThrowsAsync<VolumeFormatException>(() => ReadAllAsync(volume));

        // Half the deflate stream inflates to part of the chunk; the exact count depends on zlib's block layout.
        Assert.Matches($"^{System.Text.RegularExpressions.Regex.Escape(chunk)}: {name[..4]} stream decodes to [0-9]+ bytes; expected 2520 \\(one full chunk\\)\\.$", error.Message);
    }

    [Fact]
    public async Task ReadAsync_TruncatedZstdChunk_SaysCorrupt()
    {
        using TempDirectory scratch = new();
        string store = ZarrFixtures.CopyStore("zstd.zarr", scratch);
        string chunk = Path.Combine(store, "0.0.0");
        byte[] bytes = File.ReadAllBytes(chunk);
        File.WriteAllBytes(chunk, bytes[..(bytes.Length / 2)]);
        using ZarrVolume volume = await ZarrVolume.OpenAsync(store, BareArray);

        VolumeFormatException error = await Assert.ThrowsAsync<VolumeFormatException>(() => ReadAllAsync(volume));

        Assert.Equal($"{chunk}: zstd stream is corrupt or decodes to more than the 2520-byte chunk.", error.Message);
    }

    [Fact]
    public async Task ReadAsync_BloscSnappyStore_NamesTheCodec()
    {
        using ZarrVolume volume = await ZarrVolume.OpenAsync(ZarrFixtures.Path("blosc-snappy.zarr"), BareArray);

        VolumeFormatException error = await Assert.ThrowsAsync<VolumeFormatException>(() => ReadAllAsync(volume));

        Assert.EndsWith("Blosc compressor snappy is not supported; CzPick reads blosclz, lz4, lz4hc, zlib and zstd. Recompress the store, e.g. with Blosc(cname='zstd').", error.Message);
    }

    [Fact]
    public async Task ReadAsync_RegionOutsideVolume_Throws()
    {
        using ZarrVolume volume = await ZarrVolume.OpenAsync(ZarrFixtures.Path("none.zarr"), BareArray);
        Box3 region = new(new Index3(10, 0, 0), new Shape3(4, 1, 1));

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => volume.ReadAsync(region, new float[4]).AsTask());
    }

    static async Task<ZarrVolume> OpenFixtureAsync(string name)
    {
        int slash = name.IndexOf('/', StringComparison.Ordinal);
        return slash < 0
            ? await ZarrVolume.OpenAsync(ZarrFixtures.Path(name), BareArray)
            : await ZarrVolume.OpenAsync(ZarrFixtures.Path(name[..slash]), new ZarrReadOptions { Level = int.Parse(name[(slash + 1)..]) });
    }

    static async Task<float[]> ReadAllAsync(IVolumeSource volume)
    {
        float[] voxels = new float[volume.Info.Shape.VoxelCount];
        await volume.ReadAsync(Box3.Whole(volume.Info.Shape), voxels);
        return voxels;
    }

    static void EditZarray(string store, string field, string json)
    {
        string path = Path.Combine(store, ".zarray");
        JsonObject zarray = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        zarray[field] = JsonNode.Parse(json);
        File.WriteAllText(path, zarray.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
    }

    /// <summary>A real directory store that records which keys were read and how often.</summary>
    sealed class CountingStore(IZarrStore inner) : IZarrStore
    {
        public ConcurrentDictionary<string, int> Reads { get; } = new(StringComparer.Ordinal);

        public string Location => inner.Location;

        public ValueTask<byte[]?> ReadAsync(string key, CancellationToken cancellationToken = default)
        {
            this.Reads.AddOrUpdate(key, 1, (_, count) => count + 1);
            return inner.ReadAsync(key, cancellationToken);
        }
    }
}
