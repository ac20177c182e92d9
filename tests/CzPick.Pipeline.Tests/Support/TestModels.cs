using CzPick.Core.Geometry;
using CzPick.Core.Particles;
using CzPick.Inference.Ensemble;
using CzPick.Inference.Onnx;
using CzPick.Pipeline.Contracts;
using CzPick.Pipeline.Ports;

namespace CzPick.Pipeline.Tests.Support;

/// <summary>
/// Small ensembles for the pipeline's tests: the intensity-band network (each voxel is the class whose label its value
/// is nearest), the CZII classes with the seed's picking parameters, one TTA pass.
/// </summary>
static class TestModels
{
    /// <summary>The member's file name.</summary>
    public const string MemberFile = "bands.onnx";

    /// <summary>Returns the manifest of a band ensemble.</summary>
    public static EnsembleManifest Manifest(string name, Shape3 window) => new()
    {
        Name = name,
        Members = [new EnsembleMember(MemberFile)],
        Tta = [TtaPass.Identity],
        Classes = [EnsembleManifest.BackgroundClass, .. ParticleCatalog.Czii.Particles.Select(particle => particle.Name)],
        Window = window,
        Picking = ParticleCatalog.Czii.Particles.Where(particle => particle.IsPicked).ToDictionary(particle => particle.Name, particle => particle.Picking!),
    };

    /// <summary>Uploads an ensemble as <c>models/{name}/</c>: the band network for a volume of this mean and deviation, and its manifest.</summary>
    public static async Task<EnsembleManifest> UploadAsync(IBlobStore blobs, string name, Shape3 window, double mean, double standardDeviation)
    {
        using TempDirectory folder = new();
        EnsembleManifest manifest = Manifest(name, window);
        manifest.Save(folder.Path);
        await File.WriteAllBytesAsync(folder.File(MemberFile), IntensityBandModel.Create(manifest.Classes.Count, mean, standardDeviation));
        foreach (string file in Directory.GetFiles(folder.Path))
        {
            await using FileStream content = File.OpenRead(file);
            await blobs.UploadAsync(new BlobPath(BlobLayout.Models, $"{name}/{Path.GetFileName(file)}"), content);
        }

        return manifest;
    }
}
