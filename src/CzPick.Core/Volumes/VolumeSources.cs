using CzPick.Core.Volumes.Mrc;
using CzPick.Core.Volumes.Zarr;

namespace CzPick.Core.Volumes;

/// <summary>
/// Opens any volume CzPick reads behind the one <see cref="IVolumeSource"/> abstraction: an MRC file (by extension,
/// or by its "MAP " stamp whatever its name) or an OME-Zarr store folder. Every host (`czpick info`, `czpick pick`,
/// the worker, the pipeline) opens local volumes through here.
/// </summary>
public static class VolumeSources
{
    /// <summary>The extensions IMOD, RELION and the data portal give MRC files.</summary>
    static readonly string[] MrcExtensions = [".mrc", ".mrcs", ".rec", ".map", ".st", ".ali"];

    /// <summary>Opens a volume.</summary>
    /// <param name="path">An MRC file, or a Zarr store's folder (e.g. "TS_5_4.zarr").</param>
    /// <param name="options">Per-format options; defaults when null.</param>
    /// <param name="cancellationToken">Cancels the metadata reads.</param>
    /// <returns>The volume; dispose it to close its file.</returns>
    /// <exception cref="FileNotFoundException">Nothing exists at the path.</exception>
    /// <exception cref="VolumeFormatException">The path is not a volume CzPick reads; the message says why.</exception>
    public static async Task<IVolumeSource> OpenAsync(string path, VolumeOpenOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        options ??= new VolumeOpenOptions();
        if (Directory.Exists(path))
        {
            return await ZarrVolume.OpenAsync(path, options.Zarr, cancellationToken).ConfigureAwait(false);
        }

        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"No volume at '{path}': no such file, nor a Zarr store folder.", path);
        }

        if (MrcExtensions.Contains(Path.GetExtension(path), StringComparer.OrdinalIgnoreCase) || HasMrcStamp(path))
        {
            return MrcFile.Open(path, options.Mrc);
        }

        string name = Path.GetFileName(path);
        string hint = name is ".zarray" or ".zgroup" or ".zattrs" or ".zmetadata"
            ? $" This is a Zarr metadata file: pass the store's folder, '{Path.GetDirectoryName(Path.GetFullPath(path))}'."
            : string.Empty;
        throw new VolumeFormatException(path, $"not a volume CzPick reads: expected an MRC file ({string.Join(", ", MrcExtensions)}) or an OME-Zarr store folder.{hint}");
    }

    /// <summary>Tells whether a file carries MRC2014's map stamp, "MAP " at byte 208.</summary>
    static bool HasMrcStamp(string path)
    {
        using FileStream stream = File.OpenRead(path);
        Span<byte> stamp = stackalloc byte[4];
        stream.Position = 208;
        return stream.ReadAtLeast(stamp, 4, throwOnEndOfStream: false) == 4 && stamp.SequenceEqual("MAP "u8);
    }
}
