using CzPick.Core.Outputs;

namespace CzPick.Core.Tests.Outputs;

public sealed class AtomicFileTests
{
    [Fact]
    public void Write_ExistingFile_ReplacedAndNoTemporaryLeft()
    {
        using TempDirectory temp = new();
        string path = temp.File("nested", "picks.csv");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, "old");

        AtomicFile.Write(path, temporary => File.WriteAllText(temporary, "new"));

        Assert.Equal("new", File.ReadAllText(path));
        Assert.Equal([path], Directory.GetFiles(Path.GetDirectoryName(path)!));
    }

    [Fact]
    public void Write_MissingFolder_Created()
    {
        using TempDirectory temp = new();
        string path = temp.File("a", "b", "summary.json");

        AtomicFile.Write(path, temporary => File.WriteAllText(temporary, "{}"));

        Assert.Equal("{}", File.ReadAllText(path));
    }

    [Fact]
    public void Write_WriterFails_PreviousFileKeptAndNoTemporaryLeft()
    {
        using TempDirectory temp = new();
        string path = temp.File("picks.csv");
        File.WriteAllText(path, "old");

        Assert.Throws<IOException>(() => AtomicFile.Write(path, temporary =>
        {
            File.WriteAllText(temporary, "half");
            throw new IOException("disk full");
        }));

        Assert.Equal("old", File.ReadAllText(path));
        Assert.Equal([path], Directory.GetFiles(temp.Path));
    }
}
