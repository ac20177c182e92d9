using System.IO.Compression;
using System.Text.Json;
using CzPick.Core.Geometry;
using CzPick.Core.Particles;

namespace CzPick.Core.Tests.Picking;

/// <summary>A probability map with the picks the seed's scipy/scikit-image recipe makes of it (Fixtures/Picking).</summary>
sealed class PickingFixture
{
    PickingFixture(Shape3 shape, float[] probabilities, PickingParameters parameters, IReadOnlyList<OraclePick> picks, int peaks)
    {
        this.Shape = shape;
        this.Probabilities = probabilities;
        this.Parameters = parameters;
        this.Picks = picks;
        this.Peaks = peaks;
    }

    public Shape3 Shape { get; }

    public float[] Probabilities { get; }

    public PickingParameters Parameters { get; }

    /// <summary>Gets skimage's picks in voxels, (z, y, x) of the untransposed map.</summary>
    public IReadOnlyList<OraclePick> Picks { get; }

    /// <summary>Gets the number of peaks peak_local_max returned.</summary>
    public int Peaks { get; }

    public static PickingFixture Load(string name)
    {
        string folder = Path.Combine(TestPaths.RepositoryRoot, "tests", "CzPick.Core.Tests", "Fixtures", "Picking");
        using JsonDocument meta = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, name + ".json")));
        JsonElement root = meta.RootElement;
        int[] extent = [.. root.GetProperty("shape_zyx").EnumerateArray().Select(e => e.GetInt32())];
        Shape3 shape = new(extent[0], extent[1], extent[2]);

        using FileStream file = File.OpenRead(Path.Combine(folder, name + ".u8.gz"));
        using GZipStream gzip = new(file, CompressionMode.Decompress);
        byte[] quantized = new byte[shape.VoxelCount];
        gzip.ReadExactly(quantized);
        float[] probabilities = [.. quantized.Select(q => q / 255f)];

        PickingParameters parameters = new(
            root.GetProperty("threshold").GetSingle(),
            root.GetProperty("min_blob_voxels").GetDouble(),
            root.GetProperty("min_distance_voxels").GetInt32());
        OraclePick[] picks = [.. root.GetProperty("picks_xyz").EnumerateArray().Select(p => new OraclePick(
            p.GetProperty("z").GetDouble(),
            p.GetProperty("y").GetDouble(),
            p.GetProperty("x").GetDouble(),
            p.GetProperty("area").GetInt64(),
            p.GetProperty("score").GetDouble()))];
        return new PickingFixture(shape, probabilities, parameters, picks, root.GetProperty("peaks").GetInt32());
    }
}

/// <summary>One of skimage's regions: centroid in voxels, area, mean probability.</summary>
readonly record struct OraclePick(double Z, double Y, double X, long Area, double Score);
