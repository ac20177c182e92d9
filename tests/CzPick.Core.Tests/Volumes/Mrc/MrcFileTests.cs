using CzPick.Core.Volumes.Mrc;

namespace CzPick.Core.Tests.Volumes.Mrc;

/// <summary>The reader over a file: the contract, plus what only files do.</summary>
public sealed class MrcFileTests : MrcReaderContractTests
{
    [Fact]
    public void Open_MissingFile_FileNotFound()
    {
        using TempDirectory directory = new();

        Assert.Throws<FileNotFoundException>(() => MrcFile.Open(directory.File("absent.mrc")));
    }

    [Fact]
    public void Inspect_ReadableFile_HeaderAndNoErrors()
    {
        MrcInspection inspection = MrcFile.Inspect(MrcFixtures.PathOf("float32_extended_header"));

        Assert.True(inspection.IsReadable);
        Assert.Equal(192, inspection.Header!.ExtendedHeaderBytes);
        Assert.Equal(1024 + 192, inspection.Header.DataOffset);
        Assert.Empty(inspection.Errors);
    }

    [Fact]
    public void Inspect_ComplexFile_ReportsInsteadOfThrowing()
    {
        MrcInspection inspection = MrcFile.Inspect(MrcFixtures.PathOf("mode4_complex64"));

        Assert.False(inspection.IsReadable);
        Assert.StartsWith("Mode 4 is complex64", Assert.Single(inspection.Errors).Message);
    }

    /// <inheritdoc/>
    protected override MrcReader Open(string path, MrcReadOptions? options = null) => MrcFile.Open(path, options);
}
