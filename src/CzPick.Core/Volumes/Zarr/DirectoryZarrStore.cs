using Microsoft.Win32.SafeHandles;

namespace CzPick.Core.Volumes.Zarr;

/// <summary>A Zarr store in a local folder (zarr-python's DirectoryStore and NestedDirectoryStore): one file per key.</summary>
public sealed class DirectoryZarrStore : IZarrStore
{
    /// <summary>Initializes a new instance of the <see cref="DirectoryZarrStore"/> class.</summary>
    /// <param name="folder">The store's root folder, e.g. "TS_5_4.zarr".</param>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    public DirectoryZarrStore(string folder)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        this.Location = Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder));
        if (!Directory.Exists(this.Location))
        {
            throw new DirectoryNotFoundException($"Zarr store folder '{this.Location}' does not exist.");
        }
    }

    /// <inheritdoc/>
    public string Location { get; }

    /// <inheritdoc/>
    public async ValueTask<byte[]?> ReadAsync(string key, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        if (key.Split('/').Any(part => part is "" or "." or ".."))
        {
            throw new ArgumentException($"Zarr key '{key}' must be a relative path without empty, '.' or '..' parts.", nameof(key));
        }

        SafeFileHandle handle;
        try
        {
            handle = File.OpenHandle(Path.Combine(this.Location, key));
        }
        catch (Exception error) when (error is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }

        using (handle)
        {
            // Chunks are tens of megabytes and every byte gets overwritten: skip zeroing them first.
            long length = RandomAccess.GetLength(handle);
            byte[] bytes = GC.AllocateUninitializedArray<byte>(checked((int)length));
            int read = 0;
            while (read < bytes.Length)
            {
                int count = await RandomAccess.ReadAsync(handle, bytes.AsMemory(read), read, cancellationToken).ConfigureAwait(false);
                if (count == 0)
                {
                    // The file shrank while being read: hand back what is there; the decoder reports it truncated.
                    return bytes[..read];
                }

                read += count;
            }

            return bytes;
        }
    }
}
