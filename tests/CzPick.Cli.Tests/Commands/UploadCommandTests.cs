using System.CommandLine;
using Azure.Storage.Blobs;
using CzPick.Cli.Commands;
using CzPick.Pipeline.Tests.Local;

namespace CzPick.Cli.Tests.Commands;

[Collection(AzuriteCollection.Name)]
public sealed class UploadCommandTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Upload_TwoFiles_BothInTomogramsContainerWithTheirBytes()
    {
        using TempDirectory directory = new();
        File.WriteAllBytes(directory.File("TS_1.mrc"), [1, 2, 3]);
        File.WriteAllBytes(directory.File("TS_2.mrc"), [4, 5]);
        StringWriter output = new();

        int exit = await UploadCommand.Create().Parse([directory.File("TS_1.mrc"), directory.File("TS_2.mrc"), "--storage", azurite.ConnectionString])
            .InvokeAsync(new InvocationConfiguration { Output = output });

        Assert.Equal(0, exit);
        BlobContainerClient tomograms = new BlobServiceClient(azurite.ConnectionString).GetBlobContainerClient("tomograms");
        Assert.Equal([1, 2, 3], (await tomograms.GetBlobClient("TS_1.mrc").DownloadContentAsync()).Value.Content.ToArray());
        Assert.Equal([4, 5], (await tomograms.GetBlobClient("TS_2.mrc").DownloadContentAsync()).Value.Content.ToArray());
        Assert.StartsWith("tomograms/TS_1.mrc  3 bytes  ETag \"", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Upload_MissingFile_UserErrorNamingIt()
    {
        using TempDirectory directory = new();

        UserErrorException error = await Assert.ThrowsAsync<UserErrorException>(() =>
            UploadCommand.Create().Parse([directory.File("nope.mrc"), "--storage", azurite.ConnectionString]).InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false }));
        Assert.Equal($"{directory.File("nope.mrc")}: no such file; expected a tomogram to upload.", error.Message);
    }
}
