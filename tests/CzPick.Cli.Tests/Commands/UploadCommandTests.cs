using System.CommandLine;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using CzPick.Cli.Commands;
using CzPick.Pipeline.Contracts;
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
    public async Task Upload_ZarrStore_EveryKeyThenTheMarkerLastAndNothingAgainWhenUnchanged()
    {
        string store = Path.Combine(TestPaths.RepositoryRoot, "tests", "CzPick.Core.Tests", "Fixtures", "zarr", "TS_demo.zarr");
        string name = $"TS_demo_{Guid.NewGuid():N}.zarr";
        using TempDirectory directory = new();
        CopyFolder(store, directory.File(name));
        string[] keys = [.. Directory.EnumerateFiles(directory.File(name), "*", SearchOption.AllDirectories).Select(file => Path.GetRelativePath(directory.File(name), file).Replace(Path.DirectorySeparatorChar, '/'))];
        StringWriter first = new();
        StringWriter second = new();

        int exit = await UploadCommand.Create().Parse([directory.File(name), "--storage", azurite.ConnectionString]).InvokeAsync(new InvocationConfiguration { Output = first });
        BlobContainerClient tomograms = new BlobServiceClient(azurite.ConnectionString).GetBlobContainerClient("tomograms");
        Dictionary<string, BlobItem> blobs = [];
        await foreach (BlobItem item in tomograms.GetBlobsAsync(BlobTraits.None, BlobStates.None, $"{name}/", CancellationToken.None))
        {
            blobs[item.Name[(name.Length + 1)..]] = item;
        }

        int again = await UploadCommand.Create().Parse([directory.File(name), "--storage", azurite.ConnectionString]).InvokeAsync(new InvocationConfiguration { Output = second });

        Assert.Equal((0, 0), (exit, again));
        Assert.Equal([.. keys.Append(BlobLayout.ZarrCompleteMarker).Order(StringComparer.Ordinal)], blobs.Keys.Order(StringComparer.Ordinal));
        BlobItem marker = blobs[BlobLayout.ZarrCompleteMarker];
        Assert.All(blobs.Values, blob => Assert.True(blob.Properties.LastModified <= marker.Properties.LastModified, $"{blob.Name} was written after the marker"));
        Assert.StartsWith($"tomograms/{name}  {keys.Length} files ({keys.Length} uploaded)  ETag ", first.ToString(), StringComparison.Ordinal);
        Assert.Equal($"tomograms/{name}  unchanged ({keys.Length} files), not uploaded again{Environment.NewLine}", second.ToString());
        Assert.Equal(marker.Properties.ETag?.ToString("H"), (await tomograms.GetBlobClient($"{name}/{BlobLayout.ZarrCompleteMarker}").GetPropertiesAsync()).Value.ETag.ToString("H"));
    }

    [Fact]
    public async Task Upload_MissingFile_UserErrorNamingIt()
    {
        using TempDirectory directory = new();

        UserErrorException error = await Assert.ThrowsAsync<UserErrorException>(() =>
            UploadCommand.Create().Parse([directory.File("nope.mrc"), "--storage", azurite.ConnectionString]).InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false }));
        Assert.Equal($"{directory.File("nope.mrc")}: no such file; expected a tomogram to upload.", error.Message);
    }

    static void CopyFolder(string from, string to)
    {
        foreach (string file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            string target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
