using System.Buffers.Binary;
using System.Globalization;
using CzPick.Core.Geometry;
using CzPick.Core.Particles;
using CzPick.Core.Picking;
using CzPick.Core.Volumes;
using CzPick.Core.Volumes.Mrc;
using CzPick.Inference.Ensemble;
using CzPick.Inference.Onnx;
using CzPick.Inference.UNet;

namespace CzPick.Cli.Tests;

/// <summary>What the `czpick` tests feed it: small models, tomograms with painted particles, and the files that hold them.</summary>
static class TestInputs
{
    /// <summary>A one-member ensemble of a small random UNet, window 8×16×16.</summary>
    public static string WriteModel(string directory) =>
        WriteModel(directory, UNetOnnx.ToBytes(UNetWeights.CreateRandom(new UNetArchitecture("small", [4, 8], [2], 1, outputChannels: 7), 3), "small test UNet"), new Shape3(8, 16, 16));

    /// <summary>The intensity bands of a volume's statistics (each voxel painted with a label is that class), window 16×32×32.</summary>
    public static string WriteBandModel(string directory, float[] voxels)
    {
        VolumeStatistics statistics = VolumeStatistics.Compute(voxels);
        return WriteModel(directory, IntensityBandModel.Create(7, statistics.Mean, statistics.StandardDeviation), new Shape3(16, 32, 32));
    }

    /// <summary>A one-member ensemble of the given network, the four TTA passes and the seed's picking of the CZII particles.</summary>
    public static string WriteModel(string directory, byte[] network, Shape3 window)
    {
        Directory.CreateDirectory(directory);
        File.WriteAllBytes(Path.Combine(directory, "member.onnx"), network);
        new EnsembleManifest
        {
            Name = "test",
            Members = [new EnsembleMember("member.onnx")],
            Tta = TtaPasses.Seed,
            Classes = [EnsembleManifest.BackgroundClass, .. ParticleCatalog.Czii.Particles.Select(p => p.Name)],
            Window = window,
            SizeMultiple = 2,
            Picking = ParticleCatalog.Czii.Particles.Where(p => p.IsPicked).ToDictionary(p => p.Name, p => p.Picking!),
        }.Save(directory);
        return directory;
    }

    /// <summary>
    /// A 32×64×104 tomogram with one sphere (radius 7 voxels) per picked CZII particle, painted with its label, each at
    /// least its min distance from the faces, in faint structured noise; and the spheres' centres in Å, the truth.
    /// </summary>
    public static (Shape3 Shape, float[] Voxels, IReadOnlyList<Pick> Truth) PaintedVolume()
    {
        Shape3 shape = new(32, 64, 104);
        ParticleType[] picked = [.. ParticleCatalog.Czii.Particles.Where(p => p.IsPicked)];
        (ParticleType Particle, int Z, int Y, int X)[] spheres = [.. picked.Select((p, i) => (p, 16, i % 2 == 0 ? 18 : 46, 16 + (18 * i)))];
        float[] voxels = new float[shape.VoxelCount];
        for (int z = 0; z < shape.Z; z++)
        {
            for (int y = 0; y < shape.Y; y++)
            {
                for (int x = 0; x < shape.X; x++)
                {
                    (ParticleType? Particle, int Z, int Y, int X) sphere = spheres.FirstOrDefault(s => ((z - s.Z) * (z - s.Z)) + ((y - s.Y) * (y - s.Y)) + ((x - s.X) * (x - s.X)) <= 49);
                    voxels[shape.IndexOf(z, y, x)] = sphere.Particle?.Label ?? 0.1f * MathF.Sin(z + (3 * y) + (7 * x));
                }
            }
        }

        double spacing = VoxelSizeAngstrom.CziiSpacing;
        return (shape, voxels, [.. spheres.Select(s => new Pick(s.Particle.Name, s.X * spacing, s.Y * spacing, s.Z * spacing, 1))]);
    }

    /// <summary>Writes a float32 MRC file at the CZII voxel size.</summary>
    public static async Task<string> WriteMrcAsync(string path, Shape3 shape, float[] voxels)
    {
        await using MrcWriter writer = MrcWriter.Create(path, shape, VoxelSizeAngstrom.Isotropic(VoxelSizeAngstrom.CziiSpacing));
        await writer.WriteSectionsAsync(voxels);
        await writer.CompleteAsync();
        return path;
    }

    /// <summary>
    /// Writes an OME-Zarr store as the data portal lays it out (zarr v2, OME-NGFF 0.4 multiscales, axes z,y,x in Å with
    /// a scale transformation), one level "0" of little-endian float32 chunks without compressor, edge chunks
    /// partial as zarr writes them: full-size chunk files whose cells past the array's end hold the fill value.
    /// </summary>
    public static string WriteOmeZarr(string path, Shape3 shape, float[] voxels, Shape3 chunks)
    {
        string spacing = VoxelSizeAngstrom.CziiSpacing.ToString(CultureInfo.InvariantCulture);
        Directory.CreateDirectory(Path.Combine(path, "0"));
        File.WriteAllText(Path.Combine(path, ".zgroup"), """{"zarr_format": 2}""");
        File.WriteAllText(Path.Combine(path, ".zattrs"), $$"""
            {"multiscales": [{"version": "0.4", "name": "{{Path.GetFileNameWithoutExtension(path)}}",
              "axes": [{"name": "z", "type": "space", "unit": "angstrom"}, {"name": "y", "type": "space", "unit": "angstrom"}, {"name": "x", "type": "space", "unit": "angstrom"}],
              "datasets": [{"path": "0", "coordinateTransformations": [{"type": "scale", "scale": [{{spacing}}, {{spacing}}, {{spacing}}]}]}]}]}
            """);
        File.WriteAllText(Path.Combine(path, "0", ".zarray"), $$"""
            {"zarr_format": 2, "shape": [{{shape.Z}}, {{shape.Y}}, {{shape.X}}], "chunks": [{{chunks.Z}}, {{chunks.Y}}, {{chunks.X}}],
             "dtype": "<f4", "compressor": null, "fill_value": 0.0, "order": "C", "filters": null}
            """);
        byte[] chunk = new byte[chunks.VoxelCount * sizeof(float)];
        for (int cz = 0; cz * chunks.Z < shape.Z; cz++)
        {
            for (int cy = 0; cy * chunks.Y < shape.Y; cy++)
            {
                for (int cx = 0; cx * chunks.X < shape.X; cx++)
                {
                    Array.Clear(chunk);
                    for (int z = 0; z < chunks.Z && (cz * chunks.Z) + z < shape.Z; z++)
                    {
                        for (int y = 0; y < chunks.Y && (cy * chunks.Y) + y < shape.Y; y++)
                        {
                            for (int x = 0; x < chunks.X && (cx * chunks.X) + x < shape.X; x++)
                            {
                                float value = voxels[shape.IndexOf((cz * chunks.Z) + z, (cy * chunks.Y) + y, (cx * chunks.X) + x)];
                                BinaryPrimitives.WriteSingleLittleEndian(chunk.AsSpan((int)(sizeof(float) * chunks.IndexOf(z, y, x))), value);
                            }
                        }
                    }

                    File.WriteAllBytes(Path.Combine(path, "0", $"{cz}.{cy}.{cx}"), chunk);
                }
            }
        }

        return path;
    }
}
