using CzPick.Core.Geometry;
using CzPick.Core.Tests.Volumes.Zarr;
using CzPick.Core.Volumes;
using CzPick.Core.Volumes.Mrc;
using CzPick.Core.Volumes.Zarr;

namespace CzPick.Core.Tests.Volumes;

public sealed class VolumeSourcesTests
{
    [Fact]
    public async Task OpenAsync_SameVolumeAsMrcAndAsZarr_IdenticalInfoAndVoxels()
    {
        // make_fixtures.py wrote level 0 of TS_demo.zarr with zarr and the same array with mrcfile.
        using IVolumeSource zarr = await VolumeSources.OpenAsync(ZarrFixtures.Path("TS_demo.zarr"));
        using IVolumeSource mrc = await VolumeSources.OpenAsync(ZarrFixtures.Path("TS_demo.mrc"));

        Assert.IsType<ZarrVolume>(zarr);
        Assert.IsType<MrcReader>(mrc);
        Assert.Equal(mrc.Info.Name, zarr.Info.Name);
        Assert.Equal(mrc.Info.Shape, zarr.Info.Shape);
        Assert.Equal(mrc.Info.ElementType, zarr.Info.ElementType);
        Assert.Equal(mrc.Info.VoxelSize.X, zarr.Info.VoxelSize.X, 3);
        Assert.Equal(await ReadAllAsync(mrc), await ReadAllAsync(zarr));
        Assert.Equal(await VolumeStatistics.ComputeAsync(mrc), await VolumeStatistics.ComputeAsync(zarr));
    }

    [Fact]
    public async Task OpenAsync_MrcUnderAnotherExtension_RecognizedByItsStamp()
    {
        using TempDirectory scratch = new();
        string path = scratch.File("TS_demo.tomogram");
        File.Copy(ZarrFixtures.Path("TS_demo.mrc"), path);

        using IVolumeSource volume = await VolumeSources.OpenAsync(path);

        Assert.IsType<MrcReader>(volume);
    }

    [Fact]
    public async Task OpenAsync_ZarrOptions_ReachTheStore()
    {
        VolumeOpenOptions options = new() { Zarr = new ZarrReadOptions { Level = 2 } };

        using IVolumeSource volume = await VolumeSources.OpenAsync(ZarrFixtures.Path("TS_demo.zarr"), options);

        Assert.Equal(new Shape3(4, 6, 7), volume.Info.Shape);
    }

    [Fact]
    public async Task OpenAsync_NeitherMrcNorZarr_SaysWhatIsRead()
    {
        using TempDirectory scratch = new();
        string path = scratch.File("notes.txt");
        File.WriteAllText(path, "not a tomogram");

        VolumeFormatException error = await Assert.ThrowsAsync<VolumeFormatException>(() => VolumeSources.OpenAsync(path));

        Assert.Equal($"{path}: not a volume CzPick reads: expected an MRC file (.mrc, .mrcs, .rec, .map, .st, .ali) or an OME-Zarr store folder.", error.Message);
    }

    [Fact]
    public async Task OpenAsync_ZarrMetadataFile_PointsToTheStoreFolder()
    {
        string path = Path.Combine(ZarrFixtures.Path("TS_demo.zarr"), ".zattrs");

        VolumeFormatException error = await Assert.ThrowsAsync<VolumeFormatException>(() => VolumeSources.OpenAsync(path));

        Assert.EndsWith($"This is a Zarr metadata file: pass the store's folder, '{ZarrFixtures.Path("TS_demo.zarr")}'.", error.Message);
    }

    [Fact]
    public async Task OpenAsync_NothingThere_FileNotFound()
    {
        await Assert.ThrowsAsync<FileNotFoundException>(() => VolumeSources.OpenAsync(ZarrFixtures.Path("absent.mrc")));
    }

    static async Task<float[]> ReadAllAsync(IVolumeSource volume)
    {
        float[] voxels = new float[volume.Info.Shape.VoxelCount];
        await volume.ReadAsync(Box3.Whole(volume.Info.Shape), voxels);
        return voxels;
    }
}
