using System.CommandLine;
using System.Security.Cryptography;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using CzPick.Cli.Dev;
using CzPick.Pipeline.Configuration;
using CzPick.Pipeline.Contracts;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CzPick.Cli.Commands;

/// <summary>
/// `czpick upload FILE…`: puts tomograms into the local pipeline's <c>tomograms</c> container, which starts runs: MRC
/// files as blobs of their name, OME-Zarr store folders as the blobs under <c>{store}.zarr/</c> with the completion
/// marker written last. A file whose bytes are in the container already is not uploaded again, so uploading the
/// same tomogram twice starts one run.
/// </summary>
static class UploadCommand
{
    public static Command Create()
    {
        Argument<FileSystemInfo[]> files = new("files")
        {
            Description = "Tomograms to upload: MRC files (e.g. TS_5_4.mrc) or OME-Zarr store folders (TS_5_4.zarr); each becomes the run of its name.",
            Arity = ArgumentArity.OneOrMore,
        };
        Option<string?> storage = new("--storage") { Description = "The storage connection string; default: $CzPickStorage, else Azurite on its default ports." };
        Command command = new("upload", "Upload tomograms to the tomograms container, where the pipeline (czpick dev or the Functions app) picks them.") { files, storage };
        command.SetAction(async (parse, cancellationToken) =>
        {
            FileSystemInfo[] paths = parse.GetValue(files)!;
            foreach (FileSystemInfo path in paths)
            {
                if (path is DirectoryInfo { Exists: true } folder && !folder.Name.EndsWith(BlobLayout.ZarrExtension, StringComparison.OrdinalIgnoreCase))
                {
                    throw new UserErrorException($"{path.FullName}: a folder, but not an OME-Zarr store (its name must end in {BlobLayout.ZarrExtension}); expected a tomogram to upload.");
                }

                if (!path.Exists)
                {
                    throw new UserErrorException($"{path.FullName}: no such file; expected a tomogram to upload.");
                }
            }

            IConfiguration configuration = DevConfiguration.Build(parse.GetValue(storage));
            await using ServiceProvider services = new ServiceCollection().AddLogging(logging => logging.ClearProviders()).AddCzPickPipeline(configuration).BuildServiceProvider();
            await services.GetRequiredService<PipelineStorage>().EnsureCreatedAsync(cancellationToken);
            BlobContainerClient tomograms = services.GetRequiredService<BlobServiceClient>().GetBlobContainerClient(BlobLayout.Tomograms);
            TextWriter output = parse.InvocationConfiguration.Output;
            foreach (FileSystemInfo path in paths)
            {
                if (path is DirectoryInfo store)
                {
                    await UploadStoreAsync(tomograms, store, output, cancellationToken);
                }
                else
                {
                    (string line, _) = await UploadFileAsync(tomograms, path.FullName, path.Name, cancellationToken);
                    output.WriteLine(line);
                }
            }

            return 0;
        });
        return command;
    }

    /// <summary>Uploads a store's files, then its marker unless every file was there already.</summary>
    static async Task UploadStoreAsync(BlobContainerClient tomograms, DirectoryInfo store, TextWriter output, CancellationToken cancellationToken)
    {
        int uploaded = 0;
        int files = 0;
        foreach (FileInfo file in store.EnumerateFiles("*", SearchOption.AllDirectories).OrderBy(file => file.FullName, StringComparer.Ordinal))
        {
            string key = Path.GetRelativePath(store.FullName, file.FullName).Replace(Path.DirectorySeparatorChar, '/');
            if (key == BlobLayout.ZarrCompleteMarker)
            {
                continue;
            }

            (_, bool sent) = await UploadFileAsync(tomograms, file.FullName, $"{store.Name}/{key}", cancellationToken);
            uploaded += sent ? 1 : 0;
            files++;
        }

        BlobClient marker = tomograms.GetBlobClient($"{store.Name}/{BlobLayout.ZarrCompleteMarker}");
        if (uploaded == 0 && await marker.ExistsAsync(cancellationToken))
        {
            output.WriteLine($"{BlobLayout.Tomograms}/{store.Name}  unchanged ({files} files), not uploaded again");
            return;
        }

        // Last: the marker's arrival is what starts the store's run.
        BlobContentInfo written = await marker.UploadAsync(BinaryData.Empty, overwrite: true, cancellationToken);
        output.WriteLine($"{BlobLayout.Tomograms}/{store.Name}  {files} files ({uploaded} uploaded)  ETag {written.ETag.ToString("H")}");
    }

    /// <summary>Uploads a file with its MD5, unless a blob with the same MD5 is there.</summary>
    static async Task<(string Line, bool Uploaded)> UploadFileAsync(BlobContainerClient tomograms, string file, string name, CancellationToken cancellationToken)
    {
        byte[] md5;
        await using (FileStream content = File.OpenRead(file))
        {
            md5 = await MD5.HashDataAsync(content, cancellationToken);
        }

        BlobClient blob = tomograms.GetBlobClient(name);
        try
        {
            BlobProperties existing = await blob.GetPropertiesAsync(cancellationToken: cancellationToken);
            if (existing.ContentHash is { } hash && hash.AsSpan().SequenceEqual(md5))
            {
                return ($"{BlobLayout.Tomograms}/{name}  unchanged (ETag {existing.ETag.ToString("H")}), not uploaded again", false);
            }
        }
        catch (RequestFailedException error) when (error.Status == 404)
        {
            // A new blob.
        }

        await using FileStream upload = File.OpenRead(file);
        BlobContentInfo info = await blob.UploadAsync(upload, new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentHash = md5 } }, cancellationToken);
        return ($"{BlobLayout.Tomograms}/{name}  {upload.Length} bytes  ETag {info.ETag.ToString("H")}", true);
    }
}
