using CzPick.Core.Geometry;
using CzPick.Core.Volumes;
using CzPick.Core.Volumes.Mrc;
using CzPick.Pipeline.Contracts;
using CzPick.Pipeline.Ports;

namespace CzPick.Pipeline.Tests.Support;

/// <summary>Small tomograms made in memory and uploaded as MRC blobs, with the voxels kept to compare against.</summary>
static class TestVolumes
{
    /// <summary>Makes a volume of seeded noise, at a voxel size MRC's float32 header holds exactly.</summary>
    public static DenseVolume Noise(string name, Shape3 shape, int seed)
    {
        DenseVolume volume = new(name, shape, VoxelSizeAngstrom.Isotropic(12.5));
        Random random = new(seed);
        for (int i = 0; i < volume.Voxels.Length; i++)
        {
            volume.Voxels[i] = (random.NextSingle() * 4) - 1;
        }

        return volume;
    }

    /// <summary>Writes a volume as an MRC file into a blob.</summary>
    public static async Task<StoredBlob> UploadMrcAsync(IBlobStore blobs, BlobPath path, DenseVolume volume)
    {
        using MemoryStream file = new();
        await MrcWriter.WriteAsync(file, volume);
        file.Position = 0;
        return await blobs.UploadAsync(path, file);
    }

    /// <summary>Uploads the files of a local folder (an OME-Zarr store) under a blob prefix, keys as blob names.</summary>
    public static async Task UploadFolderAsync(IBlobStore blobs, string folder, BlobPath prefix)
    {
        foreach (string file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
        {
            await using FileStream content = File.OpenRead(file);
            string key = Path.GetRelativePath(folder, file).Replace(Path.DirectorySeparatorChar, '/');
            await blobs.UploadAsync(new BlobPath(prefix.Container, $"{prefix.Name}/{key}"), content);
        }
    }

    /// <summary>Gets the CryoET Data Portal-style OME-Zarr fixture of the Core tests.</summary>
    public static string DemoZarrStore => Path.Combine(TestPaths.RepositoryRoot, "tests", "CzPick.Core.Tests", "Fixtures", "zarr", "TS_demo.zarr");

    /// <summary>Reads a whole volume.</summary>
    public static async Task<float[]> ReadAllAsync(IVolumeSource source)
    {
        float[] voxels = new float[source.Info.Shape.VoxelCount];
        await source.ReadAsync(Box3.Whole(source.Info.Shape), voxels);
        return voxels;
    }
}
