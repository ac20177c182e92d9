using System.Text.Json;

namespace CzPick.Core.Tests.Volumes.Zarr;

/// <summary>
/// The stores Fixtures/zarr/make_fixtures.py wrote with zarr-python, and the statistics numpy computed for each
/// (expected.json): the oracle every Zarr read is checked against.
/// </summary>
static class ZarrFixtures
{
    static readonly Lazy<Dictionary<string, JsonElement>> Expectations = new(() =>
    {
        using JsonDocument document = JsonDocument.Parse(File.ReadAllBytes(Path("expected.json")));
        return document.RootElement.EnumerateObject()
            .Where(p => !p.Name.StartsWith('_'))
            .ToDictionary(p => p.Name, p => p.Value.Clone());
    });

    /// <summary>Gets the fixture folder.</summary>
    public static string Folder { get; } = System.IO.Path.Combine(TestPaths.RepositoryRoot, "tests", "CzPick.Core.Tests", "Fixtures", "zarr");

    /// <summary>Gets every expectation's name: a store ("none.zarr") or a store's level ("TS_demo.zarr/1").</summary>
    public static IEnumerable<string> Names => Expectations.Value.Keys.Order(StringComparer.Ordinal);

    /// <summary>Returns a path in the fixture folder.</summary>
    /// <param name="name">The file or store name.</param>
    /// <returns>The full path.</returns>
    public static string Path(string name) => System.IO.Path.Combine(Folder, name);

    /// <summary>Returns what numpy computed for an array.</summary>
    /// <param name="name">The expectation's name.</param>
    /// <returns>The expectation.</returns>
    public static JsonElement Expected(string name) => Expectations.Value[name];

    /// <summary>Copies a fixture store into a scratch folder, so that a test can break it.</summary>
    /// <param name="name">The store name.</param>
    /// <param name="scratch">The scratch folder.</param>
    /// <returns>The copy's path.</returns>
    public static string CopyStore(string name, TempDirectory scratch)
    {
        string source = Path(name);
        string target = scratch.File(name);
        foreach (string file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            string destination = System.IO.Path.Combine(target, System.IO.Path.GetRelativePath(source, file));
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }

        return target;
    }
}
