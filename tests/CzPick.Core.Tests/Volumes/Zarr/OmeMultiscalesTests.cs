using System.Text.Json;
using CzPick.Core.Volumes;
using CzPick.Core.Volumes.Zarr;

namespace CzPick.Core.Tests.Volumes.Zarr;

public sealed class OmeMultiscalesTests
{
    [Fact]
    public void Parse_AnisotropicScaleTimesGroupScale_VoxelSizePerAxis()
    {
        OmeMultiscales multiscales = Parse("""
            {"multiscales": [{"version": "0.4",
              "axes": [{"name": "z", "type": "space", "unit": "nanometer"}, {"name": "y", "type": "space", "unit": "nanometer"}, {"name": "x", "type": "space", "unit": "nanometer"}],
              "datasets": [{"path": "s0", "coordinateTransformations": [{"type": "scale", "scale": [2, 1, 1]}, {"type": "translation", "translation": [5, 5, 5]}]}],
              "coordinateTransformations": [{"type": "scale", "scale": [1.5, 1.5, 3]}]}]}
            """)!;

        ZarrLevel level = Assert.Single(multiscales.Levels);
        Assert.Equal("s0", level.Path);
        Assert.Equal(new VoxelSizeAngstrom(X: 30, Y: 15, Z: 30), level.VoxelSize);
    }

    [Fact]
    public void Parse_MicrometerAxes_ConvertsToAngstrom()
    {
        OmeMultiscales multiscales = Parse(Multiscales("\"micrometer\"", "0.001"))!;

        Assert.Equal(10, multiscales.Levels[0].VoxelSize!.Value.X, 9);
    }

    [Fact]
    public void Parse_Version03StringAxes_AssumesAngstrom()
    {
        OmeMultiscales multiscales = Parse("""{"multiscales": [{"version": "0.3", "axes": ["z", "y", "x"], "datasets": [{"path": "0"}]}]}""")!;

        Assert.Null(multiscales.Levels[0].VoxelSize);
        Assert.Equal(["the axes have no unit; assumed Å, as the CryoET Data Portal and copick write"], multiscales.Assumptions);
    }

    [Fact]
    public void Parse_NoMultiscales_Null()
    {
        Assert.Null(Parse("""{"other": 1}"""));
    }

    [Theory]
    [InlineData("""{"multiscales": [{"axes": [{"name": "x"}, {"name": "y"}, {"name": "z"}], "datasets": [{"path": "0"}]}]}""",
        "multiscales[0].axes are (x, y, z); CzPick reads volumes whose axes are (z, y, x), z slowest.")]
    [InlineData("""{"multiscales": [{"axes": [{"name": "c"}, {"name": "z"}, {"name": "y"}, {"name": "x"}], "datasets": [{"path": "0"}]}]}""",
        "multiscales[0].axes are (c, z, y, x); CzPick reads volumes whose axes are (z, y, x), z slowest.")]
    [InlineData("""{"multiscales": [{"axes": ["z", "y", "x"], "datasets": []}]}""",
        "multiscales[0] has no \"datasets\"; expected one entry per level with a \"path\".")]
    [InlineData("""{"multiscales": []}""", "\"multiscales\" must be a non-empty array of objects.")]
    [InlineData("""{"multiscales": [{"axes": [{"name": "z", "unit": "parsec"}, {"name": "y", "unit": "parsec"}, {"name": "x", "unit": "parsec"}], "datasets": [{"path": "0"}]}]}""",
        "axis unit \"parsec\" is not supported; expected angstrom, nanometer or micrometer.")]
    [InlineData("""{"multiscales": [{"axes": [{"name": "z", "unit": "angstrom"}, {"name": "y", "unit": "nanometer"}, {"name": "x", "unit": "nanometer"}], "datasets": [{"path": "0"}]}]}""",
        "multiscales[0].axes have different units (angstrom, nanometer, nanometer); expected one length unit.")]
    [InlineData("""{"multiscales": [{"axes": ["z", "y", "x"], "datasets": [{"path": "0", "coordinateTransformations": [{"type": "scale", "scale": [1, 0, 1]}]}]}]}""",
        "the scale of datasets[0] is [1, 0, 1]; expected three positive numbers (z, y, x).")]
    public void Parse_Malformed_SaysWhat(string json, string message)
    {
        InvalidDataException error = Assert.Throws<InvalidDataException>(() => Parse(json));

        Assert.Equal(message, error.Message);
    }

    static string Multiscales(string unit, string scale) =>
        $$"""{"multiscales": [{"axes": [{"name": "z", "unit": {{unit}}}, {"name": "y", "unit": {{unit}}}, {"name": "x", "unit": {{unit}}}], "datasets": [{"path": "0", "coordinateTransformations": [{"type": "scale", "scale": [{{scale}}, {{scale}}, {{scale}}]}]}]}]}""";

    static OmeMultiscales? Parse(string json)
    {
        using JsonDocument document = JsonDocument.Parse(json);
        return OmeMultiscales.Parse(document.RootElement);
    }
}
