namespace CzPick.Testing;

/// <summary>Where tests find the repository, the shared fixtures next to it, and scratch space.</summary>
static class TestPaths
{
    /// <summary>Gets the repository root: the directory holding CzPick.Functions.sln.</summary>
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>Gets the shared folder beside the repository (../shared), which holds upstream fixtures.</summary>
    public static string SharedRoot => Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared"));

    /// <summary>Returns a path under ../shared/fixtures.</summary>
    /// <param name="parts">The path below fixtures/.</param>
    /// <returns>The full path.</returns>
    public static string SharedFixture(params string[] parts) => Path.Combine([SharedRoot, "fixtures", .. parts]);

    static string FindRepositoryRoot()
    {
        for (DirectoryInfo? directory = new(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "CzPick.Functions.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No CzPick.Functions.sln above {AppContext.BaseDirectory}.");
    }
}

/// <summary>A fresh directory under the system temp folder, deleted on dispose.</summary>
sealed class TempDirectory : IDisposable
{
    /// <summary>Initializes a new instance of the <see cref="TempDirectory"/> class.</summary>
    public TempDirectory()
    {
        this.Path = Directory.CreateTempSubdirectory("czpick-test-").FullName;
    }

    /// <summary>Gets the directory's full path.</summary>
    public string Path { get; }

    /// <summary>Returns a path inside the directory.</summary>
    /// <param name="parts">The relative path.</param>
    /// <returns>The full path.</returns>
    public string File(params string[] parts) => System.IO.Path.Combine([this.Path, .. parts]);

    /// <summary>Deletes the directory and everything in it.</summary>
    public void Dispose()
    {
        try
        {
            Directory.Delete(this.Path, recursive: true);
        }
        catch (IOException)
        {
            // A file still open on a slow file system: leave it to the OS's temp cleanup rather than fail a test.
        }
    }
}
