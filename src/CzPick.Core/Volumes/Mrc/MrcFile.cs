using Microsoft.Win32.SafeHandles;

namespace CzPick.Core.Volumes.Mrc;

/// <summary>Opens and inspects MRC files on disk.</summary>
public static class MrcFile
{
    /// <summary>Opens an MRC file for reading, reading and checking its header only.</summary>
    /// <param name="path">The file.</param>
    /// <param name="options">Limits and read tuning; the defaults when null.</param>
    /// <returns>The reader; dispose it to close the file.</returns>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="VolumeFormatException">The file is not a readable MRC volume; the message says why.</exception>
    public static MrcReader Open(string path, MrcReadOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return MrcReader.Open(new FileByteSource(OpenHandle(path)), path, options);
    }

    /// <summary>
    /// Reads a file's header and reports every problem with it, errors and warnings, without refusing the file:
    /// what `czpick info --validate` prints.
    /// </summary>
    /// <param name="path">The file.</param>
    /// <param name="options">The limits; the defaults when null.</param>
    /// <returns>The header, if one could be parsed, and every problem found.</returns>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static MrcInspection Inspect(string path, MrcReadOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using FileByteSource source = new(OpenHandle(path));
        Span<byte> prefix = stackalloc byte[MrcHeader.Size];
        int read = source.Read(0, prefix[..(int)Math.Min(source.Length, MrcHeader.Size)]);
        return MrcValidator.Inspect(prefix[..read], source.Length, options);
    }

    static SafeFileHandle OpenHandle(string path) =>
        File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
}
