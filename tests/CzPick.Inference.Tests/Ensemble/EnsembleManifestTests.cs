using System.Text.Json.Nodes;
using CzPick.Core.Geometry;
using CzPick.Core.Particles;
using CzPick.Inference.Ensemble;
using CzPick.Inference.Tests.Support;

namespace CzPick.Inference.Tests.Ensemble;

public sealed class EnsembleManifestTests
{
    static readonly Shape3 Window = new(8, 8, 8);

    [Fact]
    public void SaveLoad_EveryField_RoundTrips()
    {
        using TempDirectory directory = new();
        File.WriteAllBytes(directory.File("a.onnx"), [0]);
        File.WriteAllBytes(directory.File("b.onnx"), [0]);
        EnsembleManifest manifest = TestEnsembles.Manifest([new("a.onnx", 1), new("b.onnx", 3)], [TtaPass.Identity, TtaPass.SwapXY], Window) with
        {
            Description = "two members",
            VoxelSpacing = 12.5,
            Overlap = 0.5,
            SigmaScale = 0.25,
        };

        manifest.Save(directory.Path);
        EnsembleManifest loaded = EnsembleManifest.Load(directory.Path);

        Assert.Equal("two members", loaded.Description);
        Assert.Equal([new EnsembleMember("a.onnx", 1), new EnsembleMember("b.onnx", 3)], loaded.Members);
        Assert.Equal([TtaPass.Identity, TtaPass.SwapXY], loaded.Tta);
        Assert.Equal(TestEnsembles.Classes, loaded.Classes);
        Assert.Equal((12.5, Window, 0.5, 0.25, 2), (loaded.VoxelSpacing, loaded.Window, loaded.Overlap, loaded.SigmaScale, loaded.SizeMultiple));
        Assert.Equal(new PickingParameters(0.1f, 750, 15), Assert.Single(loaded.Picking).Value);
        Assert.Equal(Path.GetFullPath(directory.Path), loaded.Directory);
        Assert.Equal(directory.File("b.onnx"), loaded.MemberPath(loaded.Members[1]));
    }

    [Fact]
    public void Save_Json_SnakeCaseWithNamedPassesAndAxisObjects()
    {
        using TempDirectory directory = new();

        string file = TestEnsembles.Manifest([new("a.onnx", 1)], TtaPasses.Seed, Window).Save(directory.Path);

        JsonObject json = JsonNode.Parse(File.ReadAllText(file))!.AsObject();
        Assert.Equal("[\"identity\",\"flip-x\",\"flip-y\",\"swap-xy\"]", json["tta"]!.ToJsonString());
        Assert.Equal("{\"z\":8,\"y\":8,\"x\":8}", json["window"]!.ToJsonString());
        Assert.Equal(750, (double)json["picking"]!["ribosome"]!["min_blob_voxels"]!);
        Assert.Equal(10.012, (double)json["voxel_spacing"]!);
        Assert.Equal("gaussian", (string)json["blend"]!);
    }

    [Fact]
    public void Load_MinimalManifest_SeedDefaults()
    {
        using TempDirectory directory = new();
        File.WriteAllBytes(directory.File("m.onnx"), [0]);
        File.WriteAllText(directory.File("ensemble.json"), """
            {"name": "min", "members": [{"file": "m.onnx"}], "classes": ["background", "ribosome"], "window": {"x": 16, "y": 16, "z": 8}}
            """);

        EnsembleManifest manifest = EnsembleManifest.Load(directory.File("ensemble.json"));

        Assert.Equal(TtaPasses.Seed, manifest.Tta);
        Assert.Equal(1, Assert.Single(manifest.Members).Weight);
        Assert.Equal(new Shape3(8, 16, 16), manifest.Window);
        Assert.Equal((0.25, 0.125, 4, 10.012), (manifest.Overlap, manifest.SigmaScale, manifest.SizeMultiple, manifest.VoxelSpacing));
        Assert.Empty(manifest.Picking);
    }

    [Fact]
    public void NormalizedWeights_OneAndThree_QuarterAndThreeQuarters()
    {
        EnsembleManifest manifest = TestEnsembles.Manifest([new("a.onnx", 1), new("b.onnx", 3)], [TtaPass.Identity], Window);

        Assert.Equal([0.25, 0.75], manifest.NormalizedWeights());
    }

    [Fact]
    public void CreateCatalog_SubsetOfClasses_LabelsAreChannelsAndOnlyListedClassesArePicked()
    {
        EnsembleManifest manifest = TestEnsembles.Manifest([new("a.onnx", 1)], [TtaPass.Identity], Window) with
        {
            Classes = ["background", "ribosome", "apo-ferritin"],
        };

        ParticleCatalog catalog = manifest.CreateCatalog();

        Assert.Equal(3, catalog.ChannelCount);
        Assert.Equal((1, 150.0, true), (catalog["ribosome"].Label, catalog["ribosome"].RadiusAngstrom, catalog["ribosome"].IsPicked));
        Assert.Equal((2, 60.0, false), (catalog["apo-ferritin"].Label, catalog["apo-ferritin"].RadiusAngstrom, catalog["apo-ferritin"].IsPicked));
    }

    [Theory]
    [InlineData("\"members\": [{\"file\": \"missing.onnx\"}]", "member missing.onnx not found at")]
    [InlineData("\"members\": [{\"file\": \"m.onnx\", \"weight\": 0}]", "member m.onnx has weight 0; expected a positive number")]
    [InlineData("\"members\": [{\"file\": \"m.onnx\", \"weight\": -2}]", "has weight -2")]
    [InlineData("\"members\": [{\"file\": \"m.onnx\"}, {\"file\": \"./m.onnx\"}]", "is listed twice")]
    [InlineData("\"members\": []", "members is empty")]
    [InlineData("\"window\": {\"z\": 8, \"y\": 8, \"x\": 12}", "tta has swap-xy but the window is 8×8×12 (z, y, x); swapping x and y needs y = x")]
    [InlineData("\"window\": {\"z\": 6, \"y\": 8, \"x\": 8}", "expected positive extents that are multiples of 4")]
    [InlineData("\"window\": {\"z\": 8, \"y\": 8}", "window lacks an axis")]
    [InlineData("\"classes\": [\"background\", \"ribosome\", \"proteasome\"]", "class 'proteasome' is not a known particle; expected apo-ferritin, beta-amylase")]
    [InlineData("\"classes\": [\"ribosome\"]", "classes must start with \"background\"")]
    [InlineData("\"tta\": [\"identity\", \"flip-z\"]", "Unknown TTA pass 'flip-z'; expected identity, flip-x, flip-y, swap-xy.")]
    [InlineData("\"tta\": [\"flip-x\", \"flip-x\"]", "tta lists a pass twice")]
    [InlineData("\"tta\": []", "tta is empty")]
    [InlineData("\"overlap\": 1", "overlap is 1; expected a fraction in [0, 1)")]
    [InlineData("\"blend\": \"constant\"", "blend is 'constant'; windows are blended with MONAI's Gaussian weights only")]
    [InlineData("\"overlapp\": 0.5", "overlapp")]
    [InlineData("\"picking\": {\"thyroglobulin\": {\"threshold\": 0.1, \"min_blob_voxels\": 1, \"min_distance_voxels\": 2}}", "picking names 'thyroglobulin', which is not one of the classes")]
    [InlineData("\"picking\": {\"ribosome\": {\"threshold\": 1.5, \"min_blob_voxels\": 1, \"min_distance_voxels\": 2}}", "expected a threshold in (0, 1)")]
    [InlineData("\"picking\": {\"ribosome\": {\"threshold\": 0.1}}", "min_blob_voxels")]
    public void Load_BadField_RefusedNamingTheProblem(string field, string expected)
    {
        using TempDirectory directory = new();
        File.WriteAllBytes(directory.File("m.onnx"), [0]);
        JsonObject json = JsonNode.Parse("""
            {"name": "bad", "members": [{"file": "m.onnx"}], "classes": ["background", "ribosome"], "window": {"z": 8, "y": 8, "x": 8}}
            """)!.AsObject();
        foreach ((string key, JsonNode? value) in JsonNode.Parse("{" + field + "}")!.AsObject())
        {
            json[key] = value?.DeepClone();
        }

        File.WriteAllText(directory.File("ensemble.json"), json.ToJsonString());

        EnsembleFormatException error = Assert.Throws<EnsembleFormatException>(() => EnsembleManifest.Load(directory.Path));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.StartsWith(directory.File("ensemble.json"), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_NoManifestInDirectory_SaysWhatADirectoryHolds()
    {
        using TempDirectory directory = new();

        EnsembleFormatException error = Assert.Throws<EnsembleFormatException>(() => EnsembleManifest.Load(directory.Path));

        Assert.Equal($"{directory.File("ensemble.json")}: not found; a model directory holds ensemble.json next to its .onnx members.", error.Message);
    }

    [Fact]
    public void Load_NotJson_Refused()
    {
        using TempDirectory directory = new();
        File.WriteAllText(directory.File("ensemble.json"), "name: sample");

        EnsembleFormatException error = Assert.Throws<EnsembleFormatException>(() => EnsembleManifest.Load(directory.Path));

        Assert.Contains("Expected an ensemble manifest", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Save_InvalidManifest_RefusedAndNothingWritten()
    {
        using TempDirectory directory = new();
        EnsembleManifest manifest = TestEnsembles.Manifest([new("a.onnx", double.NaN)], [TtaPass.Identity], Window);

        Assert.Throws<EnsembleFormatException>(() => manifest.Save(directory.Path));

        Assert.Empty(Directory.GetFiles(directory.Path));
    }
}
