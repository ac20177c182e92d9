using System.CommandLine;
using CzPick.Cli.Dev;
using CzPick.Pipeline.Configuration;
using CzPick.Pipeline.Contracts;
using CzPick.Pipeline.Ports;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CzPick.Cli.Commands;

/// <summary>`czpick upload FILE…`: puts tomograms into the local pipeline's <c>tomograms</c> container, which starts runs.</summary>
static class UploadCommand
{
    public static Command Create()
    {
        Argument<FileInfo[]> files = new("files") { Description = "Tomograms to upload (e.g. TS_5_4.mrc); each becomes the run of its name.", Arity = ArgumentArity.OneOrMore };
        Option<string?> storage = new("--storage") { Description = "The storage connection string; default: $CzPickStorage, else Azurite on its default ports." };
        Command command = new("upload", "Upload tomograms to the tomograms container, where the pipeline (czpick dev or the Functions app) picks them.") { files, storage };
        command.SetAction(async (parse, cancellationToken) =>
        {
            FileInfo[] paths = parse.GetValue(files)!;
            foreach (FileInfo path in paths.Where(path => !path.Exists))
            {
                throw new UserErrorException($"{path.FullName}: no such file; expected a tomogram to upload.");
            }

            IConfiguration configuration = DevConfiguration.Build(parse.GetValue(storage));
            await using ServiceProvider services = new ServiceCollection().AddLogging(logging => logging.ClearProviders()).AddCzPickPipeline(configuration).BuildServiceProvider();
            await services.GetRequiredService<PipelineStorage>().EnsureCreatedAsync(cancellationToken);
            IBlobStore blobs = services.GetRequiredService<IBlobStore>();
            foreach (FileInfo path in paths)
            {
                await using FileStream content = path.OpenRead();
                StoredBlob blob = await blobs.UploadAsync(new BlobPath(BlobLayout.Tomograms, path.Name), content, cancellationToken);
                parse.InvocationConfiguration.Output.WriteLine($"{blob.Path}  {blob.Length} bytes  ETag {blob.ETag}");
            }

            return 0;
        });
        return command;
    }
}
