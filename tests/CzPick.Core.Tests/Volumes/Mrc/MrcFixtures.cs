using System.Text.Json;

namespace CzPick.Core.Tests.Volumes.Mrc;

/// <summary>The MRC files written by mrcfile (Fixtures/mrc/make_fixtures.py) and what mrcfile read back from them.</summary>
static class MrcFixtures
{
    static readonly Lazy<IReadOnlyDictionary<string, MrcFixture>> Cases = new(Load);

    /// <summary>Gets the fixture folder.</summary>
    public static string Folder { get; } = Path.Combine(TestPaths.RepositoryRoot, "tests", "CzPick.Core.Tests", "Fixtures", "mrc");

    /// <summary>Gets the names of every readable case, for theories.</summary>
    public static TheoryData<string> Names => [.. Cases.Value.Keys.Order(StringComparer.Ordinal)];

    /// <summary>Returns a case's file path.</summary>
    /// <param name="name">The case, e.g. "mode2_float32".</param>
    /// <returns>The path of name.mrc.</returns>
    public static string PathOf(string name) => Path.Combine(Folder, name + ".mrc");

    /// <summary>Returns what mrcfile read from a case.</summary>
    /// <param name="name">The case.</param>
    /// <returns>The expectations.</returns>
    public static MrcFixture Expected(string name) => Cases.Value[name];

    static IReadOnlyDictionary<string, MrcFixture> Load()
    {
        JsonSerializerOptions options = new(JsonSerializerDefaults.Web);
        using FileStream json = File.OpenRead(Path.Combine(Folder, "expected.json"));
        return JsonSerializer.Deserialize<Dictionary<string, MrcFixture>>(json, options)!;
    }
}

/// <summary>One case of expected.json.</summary>
sealed record MrcFixture(
    int Nx,
    int Ny,
    int Nz,
    int Mode,
    int[] Shape,
    double[] VoxelSize,
    string ByteOrder,
    bool ByteOrderAssumed,
    int ExtendedHeaderBytes,
    string ExtendedHeaderType,
    int[] Axes,
    double[] Origin,
    string[] Labels,
    long Count,
    double Min,
    double Max,
    double Mean,
    double Std,
    double[] Voxels);
