using System.Diagnostics.CodeAnalysis;

namespace CzPick.Core.Volumes.Mrc;

/// <summary>Throws the one domain exception of the MRC reader and writer, with mrcfile-style messages.</summary>
static class MrcThrowHelper
{
    /// <summary>Refuses a file for the first error an inspection found.</summary>
    /// <param name="source">The file or blob name.</param>
    /// <param name="inspection">The inspection; it holds at least one error.</param>
    [DoesNotReturn]
    public static void ThrowUnreadable(string source, MrcInspection inspection) =>
        throw new VolumeFormatException(source, inspection.Errors[0].Message);

    /// <summary>Refuses a file whose data block ended early: the file shrank after it was opened, or the stream stopped short.</summary>
    /// <param name="source">The file or blob name.</param>
    /// <param name="offset">The byte offset the read started at.</param>
    /// <param name="expected">The bytes asked for.</param>
    /// <param name="actual">The bytes the stream gave.</param>
    [DoesNotReturn]
    public static void ThrowTruncated(string source, long offset, long expected, long actual) =>
        throw new VolumeFormatException(source, $"Expected {expected} bytes of data at byte {offset} but could only read {actual}: the file was truncated while it was being read");

    /// <summary>Refuses to overwrite an existing file, in mrcfile's words.</summary>
    /// <param name="path">The file.</param>
    [DoesNotReturn]
    public static void ThrowExists(string path) =>
        throw new IOException($"File '{path}' already exists; set MrcWriteOptions.Overwrite to overwrite it");
}
