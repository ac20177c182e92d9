using System.Text;
using System.Text.Json;
using CzPick.Core.Copick;
using CzPick.Core.Picking;

namespace CzPick.Core.Tests.Copick;

public sealed class CopickPicksJsonTests
{
    static readonly string Fixtures = Path.Combine(TestPaths.RepositoryRoot, "tests", "CzPick.Core.Tests", "Fixtures", "Copick", "copick-written", "ExperimentRuns");

    [Fact]
    public void Write_CzPickFile_FieldsInCopickModelOrderIndentedByFour()
    {
        CopickPicksFile file = CopickPicksFile.FromPicks("TS_6_4", "ribosome", "czpick", "0", 10.012, [new Pick("ribosome", 5274.9, 5288.1, 619.8, 0.75f)]);

        string text = WriteToString(file);

        using JsonDocument document = JsonDocument.Parse(text);
        JsonElement root = document.RootElement;
        Assert.Equal(
            ["pickable_object_name", "user_id", "session_id", "run_name", "voxel_spacing", "unit", "points", "trust_orientation"],
            root.EnumerateObject().Select(p => p.Name));
        Assert.Equal("angstrom", root.GetProperty("unit").GetString());
        Assert.False(root.GetProperty("trust_orientation").GetBoolean());
        Assert.Equal(10.012, root.GetProperty("voxel_spacing").GetDouble());
        JsonElement point = root.GetProperty("points")[0];
        Assert.Equal(["location", "transformation_", "instance_id", "score"], point.EnumerateObject().Select(p => p.Name));
        Assert.Equal(5274.9, point.GetProperty("location").GetProperty("x").GetDouble());
        Assert.Equal(619.8, point.GetProperty("location").GetProperty("z").GetDouble());
        Assert.Equal(
            new double[][] { [1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1] },
            point.GetProperty("transformation_").EnumerateArray().Select(row => row.EnumerateArray().Select(e => e.GetDouble()).ToArray()));
        Assert.Equal(0.75, point.GetProperty("score").GetDouble());
        Assert.Contains("\n    \"user_id\": \"czpick\"", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_WrittenFile_EqualsWhatWasWritten()
    {
        CopickTransformation rotation = CopickTransformation.FromRows([[0, -1, 0, 12.5], [1, 0, 0, -3], [0, 0, 1, 0.25], [0, 0, 0, 1]]);
        CopickPicksFile written = new(
            "beta-galactosidase",
            "curation",
            "7",
            RunName: null,
            VoxelSpacing: null,
            TrustOrientation: true,
            [new CopickPoint(0.1, 1e-7, 123456.789012345, rotation, 42, 0.123456789), new CopickPoint(-5, 0, 6000, CopickTransformation.Identity, 0, 1)]);
        using TempDirectory temp = new();
        string path = temp.File("picks.json");

        CopickPicksJson.Write(path, written);
        CopickPicksFile read = CopickPicksJson.Read(path);

        Assert.Equal(written with { Points = [] }, read with { Points = [] });
        Assert.Equal(written.Points, read.Points);
    }

    [Fact]
    public void Read_CurrentCopickFile_KeepsScoresIdsAndTransformations()
    {
        CopickPicksFile file = CopickPicksJson.Read(Path.Combine(Fixtures, "TS_6_4", "Picks", "copick_0_ribosome.json"));

        Assert.Equal(("ribosome", "copick", "0", "TS_6_4", 10.012, true), (file.PickableObjectName, file.UserId, file.SessionId, file.RunName, file.VoxelSpacing, file.TrustOrientation));
        Assert.Equal(3, file.Points.Count);
        Assert.Equal(new CopickPoint(5274.9, 5288.1, 619.8, CopickTransformation.Identity, 0, 0.93), file.Points[0]);

        // make_fixtures.py rotates the second point by pi/2 about z with Python's math.cos/sin, then shifts it.
        double c = Math.Cos(Math.PI / 2);
        double s = Math.Sin(Math.PI / 2);
        CopickTransformation rotated = CopickTransformation.FromRows([[c, -s, 0, 12.5], [s, c, 0, -3], [0, 0, 1, 0.25], [0, 0, 0, 1]]);
        Assert.Equal(new CopickPoint(1203.25, 88, 1001.5, rotated, 7, 0.5), file.Points[1]);
        Assert.Equal(new CopickPoint(0, 0, 0, CopickTransformation.Identity, 2, 0), file.Points[2]);
    }

    [Fact]
    public void Read_OldCopickNullPoints_NoPoints()
    {
        CopickPicksFile file = CopickPicksJson.Read(Path.Combine(Fixtures, "TS_6_4", "Picks", "copick_0_thyroglobulin.json"));

        Assert.Equal("thyroglobulin", file.PickableObjectName);
        Assert.Empty(file.Points);
    }

    [Fact]
    public void Read_CompetitionTrainingFile_NoScoreMeansOne()
    {
        CopickPicksFile file = CopickPicksJson.Read(Path.Combine(Fixtures, "TS_5_4", "Picks", "apo-ferritin.json"));

        Assert.Equal(("apo-ferritin", "curation", "0", "TS_5_4"), (file.PickableObjectName, file.UserId, file.SessionId, file.RunName));
        Assert.Null(file.VoxelSpacing);
        Assert.True(file.TrustOrientation);
        Assert.Equal(
            [new Pick("apo-ferritin", 468.514, 5915.906, 604.167, 1), new Pick("apo-ferritin", 5674.694, 1114.354, 565.068, 1)],
            file.ToPicks());
    }

    [Fact]
    public void Read_MinimalFile_CopickDefaults()
    {
        CopickPicksFile file = ReadText("""{"pickable_object_name": "ribosome", "user_id": "u", "session_id": "0", "points": [{"location": {"x": 1, "y": 2, "z": 3}}], "extra": {"ignored": true}}""");

        Assert.True(file.TrustOrientation);
        Assert.Null(file.RunName);
        Assert.Equal(new CopickPoint(1, 2, 3, CopickTransformation.Identity, 0, 1), Assert.Single(file.Points));
    }

    [Theory]
    [InlineData("""{"pickable_object_name": "ribosome", "user_id": "u",""", "not valid JSON at line 1")]
    [InlineData("""[1, 2]""", "the file is an array; expected a copick picks object")]
    [InlineData("""{"pickable_object_name": "ribosome", "session_id": "0"}""", "user_id is missing; expected a string.")]
    [InlineData("""{"pickable_object_name": "ribosome", "user_id": "u", "session_id": 0}""", "session_id is the number 0; expected a string.")]
    [InlineData("""{"pickable_object_name": "ribosome", "user_id": "u", "session_id": "0", "unit": "pixel"}""", "unit is 'pixel'; expected 'angstrom'")]
    [InlineData("""{"pickable_object_name": "r", "user_id": "u", "session_id": "0", "points": {"x": 1}}""", "points is an object; expected an array.")]
    [InlineData("""{"pickable_object_name": "r", "user_id": "u", "session_id": "0", "points": [{"score": 1}]}""", "points[0] has no location")]
    [InlineData("""{"pickable_object_name": "r", "user_id": "u", "session_id": "0", "points": [{"location": {"x": 1, "y": 2, "z": 3}}, {"location": {"x": 1, "y": "2", "z": 3}}]}""", "points[1].location.y is the string \"2\"; expected a number.")]
    [InlineData("""{"pickable_object_name": "r", "user_id": "u", "session_id": "0", "points": [{"location": {"x": 1, "y": 2}}]}""", "points[0].location.z is missing; expected a number.")]
    [InlineData("""{"pickable_object_name": "r", "user_id": "u", "session_id": "0", "points": [{"location": {"x": 1, "y": 2, "z": 1e999}}]}""", "points[0].location.z is the number 1e999; expected a finite number.")]
    [InlineData("""{"pickable_object_name": "r", "user_id": "u", "session_id": "0", "points": [{"location": {"x": 1, "y": 2, "z": 3}, "instance_id": 1.5}]}""", "points[0].instance_id is 1.5; expected a 32-bit integer.")]
    [InlineData("""{"pickable_object_name": "r", "user_id": "u", "session_id": "0", "points": [{"location": {"x": 1, "y": 2, "z": 3}, "transformation_": [[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0]]}]}""", "points[0].transformation_: a copick transformation is a 4×4 matrix; got 3 rows")]
    [InlineData("""{"pickable_object_name": "r", "user_id": "u", "session_id": "0", "points": [{"location": {"x": 1, "y": 2, "z": 3}, "transformation_": [[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0], [0, 0, 2, 1]]}]}""", "points[0].transformation_: the last row of a copick transformation must be [0, 0, 0, 1]")]
    [InlineData("""{"pickable_object_name": "r", "user_id": "u", "session_id": "0", "points": [{"location": {"x": 1, "y": 2, "z": 3}, "transformation_": [1, 0, 0, 0]}]}""", "points[0].transformation_[0] is the number 1; expected a row of 4 numbers.")]
    [InlineData("""{"pickable_object_name": "r", "user_id": "u", "session_id": "0", "trust_orientation": "yes"}""", "trust_orientation is the string \"yes\"; expected true or false.")]
    public void Read_MalformedFile_NamesFileAndField(string json, string expected)
    {
        using TempDirectory temp = new();
        string path = temp.File("czpick_0_ribosome.json");
        File.WriteAllText(path, json);

        CopickFormatException error = Assert.Throws<CopickFormatException>(() => CopickPicksJson.Read(path));

        Assert.StartsWith($"{path}: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_NonFiniteCoordinate_Refused()
    {
        CopickPicksFile file = CopickPicksFile.FromPicks("TS_1", "ribosome", "czpick", "0", 10, [new Pick("ribosome", double.NaN, 0, 0, 1)]);

        ArgumentException error = Assert.Throws<ArgumentException>(() => WriteToString(file));

        Assert.Contains("Point 0 of the ribosome picks is at (NaN, 0, 0)", error.Message, StringComparison.Ordinal);
    }

    static string WriteToString(CopickPicksFile file)
    {
        using MemoryStream stream = new();
        CopickPicksJson.Write(stream, file);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    static CopickPicksFile ReadText(string json)
    {
        using MemoryStream stream = new(Encoding.UTF8.GetBytes(json));
        return CopickPicksJson.Read(stream, "inline.json");
    }
}
